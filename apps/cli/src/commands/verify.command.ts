import type { Command } from 'commander';
import { VerifyLedgerQuery, type LedgerVerificationView } from '@ledger/ledger/read-model';
import { CliError } from '../cli-error';
import { addDataDirOption, cliConfig, describeStorage, type DataDirOption } from '../cli-config';
import { withUsageExitCodes } from '../command-exit-codes';
import { EXIT } from '../exit-codes';
import { openLedgerContext } from '../ledger-context';
import { ledgerReadModelExists, projectionLag } from '../read-model-status';
import { runCommand } from '../run-command';

interface VerifyOptions extends DataDirOption {
  json?: boolean;
}

/** `verify`: re-checks every hash chain and the double-entry invariant of the ledger as stored. */
export function registerVerifyCommand(program: Command): void {
  const command = program
    .command('verify')
    .description("re-check the ledger's hash chains and double-entry invariant on the configured storage and print the ledger hash")
    .option('--json', 'print the whole verification report as JSON');
  addDataDirOption(command).addHelpText(
    'after',
    `
Reads the ledger as the projections last wrote it (it does not catch them up: start the API or run
\`rebuild\` for that); the report says when they are behind the store.

Exit status: 0 the ledger is intact, 1 problems found (or no ledger there), 2 bad arguments or configuration.`,
  );
  withUsageExitCodes(command).action((options: VerifyOptions) => runCommand('verify', () => verify(options)));
}

async function verify(options: VerifyOptions): Promise<number> {
  const config = cliConfig(options);
  const context = await openLedgerContext(config, { liveProjections: false, mustExist: true });
  try {
    if (!(await ledgerReadModelExists(context.db))) {
      throw new CliError(
        `there is no ledger in ${describeStorage(config)}: no projection has run on it (wrong DATA_DIR? start the API or run \`ledger rebuild\`)`,
      );
    }
    const report: LedgerVerificationView = await context.queries.execute(new VerifyLedgerQuery());
    const lag = await projectionLag(context.db, context.store);
    if (options.json)
      process.stdout.write(`${JSON.stringify({ ...report, storeHead: lag.head, checkpoints: lag.checkpoints }, null, 2)}\n`);
    else for (const line of verificationLines(report, lag)) process.stdout.write(`${line}\n`);
    return report.ok ? EXIT.ok : EXIT.failed;
  } finally {
    await context.close();
  }
}

function verificationLines(report: LedgerVerificationView, lag: Awaited<ReturnType<typeof projectionLag>>): string[] {
  const { partners, transactions, lines } = report.checked;
  const out = [
    report.ok
      ? `ok: ${lines} lines in ${transactions} transactions of ${partners} partners; every hash chain and every transaction checks out`
      : `FAILED: ${report.problemCount} problem(s) in ${lines} lines of ${partners} partners`,
    ...report.problems.map((problem) => `  ${problem.partnerId}${problem.lineId ? ` ${problem.lineId}` : ''}: ${problem.problem}`),
  ];
  if (report.problemCount > report.problems.length) out.push(`  … and ${report.problemCount - report.problems.length} more`);
  if (report.exceptionCount > 0) {
    out.push(`  ${report.exceptionCount} event(s) skipped by projections that cannot apply them (fix, then \`ledger rebuild\`):`);
    for (const e of report.exceptions)
      out.push(`    ${e.projection} at position ${e.position} (${e.eventType} ${e.eventSource}/${e.eventId}): ${e.error}`);
  }
  out.push(`ledger hash: ${report.ledgerHash}`);
  if (report.warningCount > 0)
    out.push(
      `note: ${report.warningCount} event(s) could not be booked as they stand (not integrity problems; --json lists the first ones)`,
    );
  const behind = lag.checkpoints.filter((checkpoint) => checkpoint.position < lag.head);
  if (behind.length > 0)
    out.push(`note: projections behind the store (head ${lag.head}): ${behind.map((c) => `${c.name} at ${c.position}`).join(', ')}`);
  return out;
}
