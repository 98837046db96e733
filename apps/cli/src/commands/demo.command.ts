import type { Command } from 'commander';
import type { AppConfig } from '@ledger/platform/config';
import { ensureBootstrapAdminKey } from '@ledger/platform/auth';
import { DEFAULT_DEMO_OPTIONS, DEMO_LIMITS, demoOptionProblems, type DemoProgramOptions } from '@ledger/demo';
import { usageError } from '../cli-error';
import { addDataDirOption, cliConfig, describeStorage, type DataDirOption } from '../cli-config';
import { withUsageExitCodes } from '../command-exit-codes';
import { DemoLoader } from '../demo/demo-loader';
import { summarizeDemo } from '../demo/demo-summary';
import { demoSummaryLines } from '../demo/print-demo-summary';
import { ensureEmptyStore } from '../demo/empty-store';
import { EXIT } from '../exit-codes';
import { Interruption } from '../interruption';
import { openLedgerContext } from '../ledger-context';
import { month, wholeNumber } from '../option-parsers';
import { progressBar } from '../progress-bar';
import { runCommand } from '../run-command';

interface DemoCommandOptions extends DataDirOption, DemoProgramOptions {
  fresh?: boolean;
}

/** `demo`: loads a seeded synthetic partner program through the ingestion path, then summarizes it. */
export function registerDemoCommand(program: Command): void {
  const command = program
    .command('demo')
    .description(
      'load a realistic synthetic partner program (seeded, deterministic) into an empty store, through the same ingestion path as real events',
    )
    .option(
      '--partners <n>',
      'partners in the program',
      wholeNumber(DEMO_LIMITS.partners.min, DEMO_LIMITS.partners.max),
      DEFAULT_DEMO_OPTIONS.partners,
    )
    .option(
      '--months <n>',
      'length of the program in months',
      wholeNumber(DEMO_LIMITS.months.min, DEMO_LIMITS.months.max),
      DEFAULT_DEMO_OPTIONS.months,
    )
    .option(
      '--seed <n>',
      'seed of every random choice: the same seed gives the same events',
      wholeNumber(DEMO_LIMITS.seed.min, DEMO_LIMITS.seed.max),
      DEFAULT_DEMO_OPTIONS.seed,
    )
    .option(
      '--start <month>',
      'first month of the program (YYYY-MM); the program must be over before today',
      month,
      DEFAULT_DEMO_OPTIONS.start,
    )
    .option('--fresh', 'delete the embedded store under the data directory first (events and read models; the admin key is kept)');
  addDataDirOption(command).addHelpText(
    'after',
    `
Every partner type, enrollments over time, certifications, suspensions and terminations, tracking
clicks, identified customers, coupons, deal registrations (with conflicts, approvals and rejections),
reserved accounts, closed-won deals, monthly invoices, partial and full refunds, in USD, EUR, GBP and
JPY; a payout run at each month's end (minimum 50 USD/EUR/GBP, 5000 JPY) answered by the payment
provider (most paid, a few failed). See docs/demo.md.

The store must be empty (or use --fresh on the embedded store), and no other process (such as the
API server) may have the embedded store open.

Exit status: 0 loaded and the ledger verifies, 1 failed (store not empty or in use, verification
problems), 2 bad arguments or configuration.

Examples:
  npm run ledger -- demo
  npm run ledger -- demo --partners 200 --months 18 --seed 7 --fresh
  DATA_DIR=/tmp/ledger-demo npm run ledger -- demo --partners 12 --months 3`,
  );
  withUsageExitCodes(command).action((options: DemoCommandOptions) => runCommand('demo', () => demo(options)));
}

async function demo(options: DemoCommandOptions): Promise<number> {
  const program: DemoProgramOptions = { partners: options.partners, months: options.months, seed: options.seed, start: options.start };
  const problems = demoOptionProblems(program, new Date());
  if (problems.length > 0) throw usageError(problems.join('\n'));
  const config = cliConfig(options);
  // From here on, Ctrl-C lets the embedded database close properly instead of killing it mid-write.
  const interruption = new Interruption();
  try {
    await ensureEmptyStore(config, Boolean(options.fresh), note);
    const lines = await loadAndSummarize(config, program, interruption);
    for (const line of lines.summary) process.stdout.write(`${line}\n`);
    // The URLs need a key: the API generates its admin key on first start unless API_KEYS is set; the demo does it now, so it is shown here.
    if (config.apiKeys?.trim()) process.stdout.write('API keys come from API_KEYS.\n');
    else ensureBootstrapAdminKey(config.dataDir, (line) => process.stdout.write(`${line}\n`));
    return lines.ok ? EXIT.ok : EXIT.failed;
  } finally {
    interruption.dispose();
  }
}

async function loadAndSummarize(
  config: AppConfig,
  program: DemoProgramOptions,
  interruption: Interruption,
): Promise<{ summary: string[]; ok: boolean }> {
  note(
    `Loading a ${program.months}-month program of ${program.partners} partners from ${program.start} (seed ${program.seed}) into ${describeStorage(config)}…`,
  );
  const started = Date.now();
  const context = await openLedgerContext(config, { liveProjections: true, mustExist: false });
  try {
    const progress = progressBar('{bar} {percentage}% | {value}/{total} events | {month} | ETA {eta_formatted}');
    // Without a terminal there is no bar: one line per month instead.
    const perMonth = process.stderr.isTTY ? () => undefined : note;
    const loaded = await new DemoLoader(context, program, progress, perMonth, interruption).load();
    const summary = await summarizeDemo(context, loaded);
    return {
      ok: summary.verification.ok,
      summary: demoSummaryLines(summary, { baseUrl: `http://localhost:${config.port}`, seconds: (Date.now() - started) / 1000 }),
    };
  } finally {
    await context.close();
  }
}

function note(line: string): void {
  process.stderr.write(`${line}\n`);
}
