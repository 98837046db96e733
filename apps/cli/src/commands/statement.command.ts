import type { Command } from 'commander';
import { Option } from 'commander';
import { GetPartnerStatementQuery, statementToCsv, type StatementView } from '@ledger/ledger/read-model';
import { CliError } from '../cli-error';
import { addDataDirOption, cliConfig, describeStorage, type DataDirOption } from '../cli-config';
import { withUsageExitCodes } from '../command-exit-codes';
import { openLedgerContext } from '../ledger-context';
import { instant } from '../option-parsers';
import { ledgerReadModelExists } from '../read-model-status';
import { runCommand } from '../run-command';
import { statementText } from '../statement-text';

interface StatementOptions extends DataDirOption {
  from?: string;
  to?: string;
  knownAt?: string;
  format: 'text' | 'json' | 'csv';
}

/** `statement <partnerId>`: the partner's commission account line by line, as `GET /v1/partners/{id}/statement` gives it. */
export function registerStatementCommand(program: Command): void {
  const command = program
    .command('statement')
    .description("print a partner's statement: every ledger line with its running balance and cause")
    .argument('<partnerId>', 'the partner, e.g. P-001')
    .option('--from <time>', 'first business time (ISO 8601, or a date meaning its start); default: the beginning', instant('start'))
    .option('--to <time>', 'last business time (ISO 8601, or a date meaning its end); default: now', instant('end'))
    .option('--known-at <time>', 'only what the ledger had recorded by then; default: now', instant('end'))
    .addOption(
      new Option('--format <format>', 'text for people, json or csv for programs').choices(['text', 'json', 'csv']).default('text'),
    );
  addDataDirOption(command).addHelpText(
    'after',
    '\nExit status: 0 printed, 1 unknown partner (or no ledger there), 2 bad arguments or configuration.',
  );
  withUsageExitCodes(command).action((partnerId: string, options: StatementOptions) =>
    runCommand('statement', () => statement(partnerId, options)),
  );
}

async function statement(partnerId: string, options: StatementOptions): Promise<void> {
  const config = cliConfig(options);
  const now = new Date().toISOString();
  const context = await openLedgerContext(config, { liveProjections: false, mustExist: true });
  let view: StatementView | undefined;
  try {
    if (!(await ledgerReadModelExists(context.db))) {
      throw new CliError(
        `there is no ledger in ${describeStorage(config)}: no projection has run on it (wrong DATA_DIR? start the API or run \`ledger rebuild\`)`,
      );
    }
    view = await context.queries.execute(
      new GetPartnerStatementQuery(partnerId, options.from ?? null, options.to ?? now, options.knownAt ?? now),
    );
  } finally {
    await context.close();
  }
  if (!view) throw new CliError(`partner "${partnerId}" is unknown to the ledger in ${describeStorage(config)}`);
  if (options.format === 'json') process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
  else if (options.format === 'csv') process.stdout.write(statementToCsv(view));
  else process.stdout.write(statementText(view));
}
