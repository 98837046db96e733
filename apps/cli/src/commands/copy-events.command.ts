import { InvalidArgumentError, type Command } from 'commander';
import { copyEvents, openStoreAt, sameLocation, storeLocation, type CopyReport, type OpenedStore } from '@ledger/platform/event-store';

interface CopyEventsOptions {
  from?: string;
  fromUrl?: string;
  fromDataDir?: string;
  fromNamespace?: string;
  to?: string;
  toUrl?: string;
  toDataDir?: string;
  toNamespace?: string;
  batchSize: number;
  verifyOnly?: boolean;
}

/** `copy-events`: moves the event history between stores and proves the copy by counts and hashes. */
export function registerCopyEventsCommand(program: Command): void {
  program
    .command('copy-events')
    .description(
      'copy every event from one store to another in global order (stream ids, revisions, (source, id) and recorded times kept), ' +
        'then compare both stores by event count and sha256; re-running copies only what is missing',
    )
    .option('--from <kind>', 'source store: embedded, postgres or eventstoredb')
    .option('--from-url <url>', 'source PostgreSQL URL or EventStoreDB connection string')
    .option('--from-data-dir <dir>', 'source embedded store directory (default: DATA_DIR or ./data)')
    .option('--from-namespace <name>', 'source EventStoreDB namespace (default: ledger)')
    .option('--to <kind>', 'target store: embedded, postgres or eventstoredb')
    .option('--to-url <url>', 'target PostgreSQL URL or EventStoreDB connection string')
    .option('--to-data-dir <dir>', 'target embedded store directory (default: DATA_DIR or ./data)')
    .option('--to-namespace <name>', 'target EventStoreDB namespace (default: ledger)')
    .option('--batch-size <n>', 'events per read and per append', positiveInteger, 500)
    .option('--verify-only', 'only compare the two stores; copy nothing')
    .addHelpText(
      'after',
      `
Stop the apps that write to either store first (an embedded store can only be open once).
Exit status: 0 when both stores hold the same events in the same order, 1 otherwise.

Examples:
  npm run ledger -- copy-events --from embedded --from-data-dir ./data --to postgres --to-url postgres://postgres:ledger@localhost:5432/ledger
  npm run ledger -- copy-events --from postgres --from-url $DATABASE_URL --to eventstoredb --to-url 'esdb://localhost:2113?tls=false'
  npm run ledger -- copy-events --from eventstoredb --from-url 'esdb://localhost:2113?tls=false' --to embedded --to-data-dir ./data-copy --verify-only`,
    )
    .action(async (options: CopyEventsOptions) => {
      const defaultDataDir = process.env.DATA_DIR || './data';
      const from = storeLocation(
        { option: '--from', kind: options.from, url: options.fromUrl, dataDir: options.fromDataDir, namespace: options.fromNamespace },
        defaultDataDir,
      );
      const to = storeLocation(
        { option: '--to', kind: options.to, url: options.toUrl, dataDir: options.toDataDir, namespace: options.toNamespace },
        defaultDataDir,
      );
      if (sameLocation(from, to)) throw new Error('--from and --to name the same store');

      const opened: OpenedStore[] = [];
      try {
        const source = await openStoreAt(from, { option: '--from', mustExist: true });
        opened.push(source);
        const target = await openStoreAt(to, { option: '--to', mustExist: false });
        opened.push(target);
        print(`source: ${source.description}`);
        print(`target: ${target.description}`);
        const progress = process.stderr.isTTY ? (copied: number) => process.stderr.write(`\rcopied ${copied} events…`) : undefined;
        const report = await copyEvents(source.store, target.store, {
          batchSize: options.batchSize,
          verifyOnly: options.verifyOnly,
          onProgress: progress,
        });
        if (progress) process.stderr.write('\n');
        printReport(report, Boolean(options.verifyOnly));
        if (!report.matches) process.exitCode = 1;
      } finally {
        for (const store of opened.reverse()) await store.close();
      }
    });
}

function printReport(report: CopyReport, verifyOnly: boolean): void {
  if (report.refused) print(`refused: ${report.refused}`);
  else if (!verifyOnly) print(`copied ${report.copied} events (${report.alreadyInTarget} were already in the target)`);
  const { source, target, firstDifference } = report.comparison;
  print(`source: ${source.events} events, sha256 ${source.sha256}`);
  print(`target: ${target.events} events, sha256 ${target.sha256}`);
  if (report.matches) {
    print('OK: both stores hold the same events in the same order (streams, revisions, recorded times and content)');
    return;
  }
  const where = firstDifference
    ? ` first difference at event #${firstDifference.event}: source ${summary(firstDifference.source)}, target ${summary(firstDifference.target)}`
    : '';
  print(`MISMATCH: the stores differ;${where}`);
}

function summary(event: { source: string; id: string; streamId: string; revision: number } | undefined): string {
  return event ? `${event.source}/${event.id} in ${event.streamId}@${event.revision}` : 'has none';
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new InvalidArgumentError(`must be a positive integer, got "${value}"`);
  return Number(value);
}
