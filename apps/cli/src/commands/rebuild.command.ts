import type { Command } from 'commander';
import { liveProjections } from '@ledger/composition';
import { VerifyLedgerQuery, type LedgerVerificationView } from '@ledger/ledger/read-model';
import { addDataDirOption, cliConfig, describeStorage, type DataDirOption } from '../cli-config';
import { withUsageExitCodes } from '../command-exit-codes';
import { EXIT } from '../exit-codes';
import { CliError } from '../cli-error';
import { Interruption } from '../interruption';
import { openLedgerContext } from '../ledger-context';
import { progressBar } from '../progress-bar';
import { RebuildFailedError, rebuildProjections } from '@ledger/platform/projections';
import { runCommand } from '../run-command';

/** `rebuild`: drops every projection and replays the store into it; prints the resulting ledger hash. */
export function registerRebuildCommand(program: Command): void {
  const command = program
    .command('rebuild')
    .description('drop every projection (attribution, ledger, reports) and rebuild it from the event store, then verify the ledger');
  addDataDirOption(command).addHelpText(
    'after',
    `
Stop the API (and anything else running the projections on this storage) first. The events are not
changed; the rebuilt ledger has the same lines and hashes as before, so the printed ledger hash
equals the one \`verify\` printed before the rebuild.

Exit status: 0 rebuilt and verified, 1 failed (or the rebuilt ledger does not verify), 2 bad arguments or configuration.`,
  );
  withUsageExitCodes(command).action(() => runCommand('rebuild', () => rebuild(command.opts<DataDirOption>())));
}

async function rebuild(options: DataDirOption): Promise<number> {
  const config = cliConfig(options);
  const started = Date.now();
  const context = await openLedgerContext(config, { liveProjections: false, mustExist: true });
  const interruption = new Interruption();
  try {
    const projections = liveProjections(config);
    process.stderr.write(`Rebuilding ${projections.map((projection) => projection.name).join(', ')} from ${describeStorage(config)}…\n`);
    const progress = progressBar('{bar} {percentage}% | position {value}/{total} | {behind}');
    const { head, exceptions } = await rebuildProjections(
      context.store,
      context.db,
      projections,
      progress,
      () => interruption.requested,
    ).catch((error: unknown) => {
      throw error instanceof RebuildFailedError ? new CliError(error.message) : error;
    });
    // After the progress bar, so the note is not overwritten: skipped events stay visible.
    for (const [name, count] of Object.entries(exceptions)) {
      process.stderr.write(`note: projection ${name} skipped ${count} event(s) it cannot apply; \`ledger verify\` lists them\n`);
    }
    const report: LedgerVerificationView = await context.queries.execute(new VerifyLedgerQuery());
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(`rebuilt ${projections.length} projections from ${head.toLocaleString('en-US')} events in ${seconds} s\n`);
    process.stdout.write(
      `verification: ${report.ok ? 'ok' : `FAILED, ${report.problemCount} problem(s) (run \`ledger verify\` for the list)`}\n`,
    );
    process.stdout.write(`ledger hash: ${report.ledgerHash}\n`);
    return report.ok ? EXIT.ok : EXIT.failed;
  } finally {
    await context.close();
    interruption.dispose();
  }
}
