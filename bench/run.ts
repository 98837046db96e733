/** `npm run bench [name]`: every benchmark, each printing its figure beside a same-run baseline. */
import { attributionBench } from './attribution.bench';
import { eventStoreBench } from './event-store.bench';
import { ingestBench } from './ingest.bench';
import { kafkaIngestionBench } from './kafka-ingestion.bench';
import { notificationsBench } from './notifications.bench';
import { ledgerBench } from './ledger.bench';
import { reportsBench } from './reports.bench';
import { riskBench } from './risk.bench';
import { scaleBench } from './scale.bench';
import { simulationBench } from './simulation.bench';

const entries: Array<[string, () => Promise<void>]> = [
  ['event store append', eventStoreBench],
  ['attribution', attributionBench],
  ['kafka ingestion', kafkaIngestionBench],
  ['ledger catch-up', ledgerBench],
  ['report latency', reportsBench],
  ['simulation replay', simulationBench],
  ['risk screening', riskBench],
  ['notifications out', notificationsBench],
  ['ingest post', ingestBench],
  // Not in a plain `npm run bench`: it takes minutes at its default size (and hours at 10M events).
  ['scale', scaleBench],
];

async function main(): Promise<void> {
  const only = process.argv.slice(2).join(' ');
  for (const [name, run] of entries) {
    if (only ? !name.includes(only) : name === 'scale') continue;
    console.log(`\n### ${name}`);
    await run();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
