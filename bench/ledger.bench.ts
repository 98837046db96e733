import { SqlEventStore } from '@ledger/platform/event-store';
import type { RecordedEvent } from '@ledger/contracts';
import { AttributionReactor } from '@ledger/attribution/application';
import { LedgerProjection } from '@ledger/ledger/read-model';
import { ProjectionRunner } from '@ledger/platform/projections';
import { PgliteDatabase } from '@ledger/platform/sql';
import { measure, printComparison } from './report';
import { syntheticHistory } from './synthetic-history';

const EVENTS = Number(process.env.LEDGER_BENCH_EVENTS ?? 200_000);

/**
 * Ledger catch-up: a fresh ledger projection folds a stored history (upstream facts plus the recorded
 * attribution decisions) from position 0 to the head and writes its read models, checkpoint included,
 * against a same-run baseline that reads the same events from the same store in the same batches
 * without projecting them. Setting up the store and the decisions is not timed.
 */
export async function ledgerBench(): Promise<void> {
  const db = await PgliteDatabase.open();
  const store = await SqlEventStore.open(db);
  try {
    const batch: RecordedEvent['event'][] = [];
    for (const recorded of syntheticHistory({ events: EVENTS, seed: 20261120 })) {
      batch.push(recorded.event);
      if (batch.length === 1000) await store.append(batch.splice(0).map((event) => ({ streamId: `bench-${event.type}`, event })));
    }
    if (batch.length > 0) await store.append(batch.map((event) => ({ streamId: `bench-${event.type}`, event })));
    const attribution = new ProjectionRunner(new AttributionReactor(), store, db);
    await attribution.start();
    await attribution.waitFor(await store.headPosition(), 600_000);
    await attribution.stop();
    const head = await store.headPosition();

    const baseline = await measure('baseline: readAll in batches of 500, no projection', head, async () => {
      for (let after = 0; after < head;) {
        const events = await store.readAll(after, 500);
        after = events[events.length - 1].position;
      }
    });
    const ledger = new ProjectionRunner(new LedgerProjection(), store, db);
    const subject = await measure('ledger projection catch-up (fold + SQL writes)', head, async () => {
      await ledger.start();
      await ledger.waitFor(head, 600_000);
    });
    await ledger.stop();

    printComparison(
      `ledger: catch-up from an empty read model over ${head.toLocaleString('en-US')} stored events (events/s)`,
      'events',
      subject,
      baseline,
    );
    const [counts] = await db.query<{ lines: string; partners: string; exceptions: string }>(
      'SELECT (SELECT count(*) FROM ledger_lines) AS lines, (SELECT count(*) FROM ledger_chain_heads) AS partners, (SELECT count(*) FROM ledger_exceptions) AS exceptions',
    );
    console.log(
      `  ledger lines: ${Number(counts.lines).toLocaleString('en-US')} for ${counts.partners} partners; exceptions recorded: ${counts.exceptions}; embedded store (PGlite, in memory)`,
    );
  } finally {
    await store.close();
    await db.close();
  }
}

if (require.main === module) {
  ledgerBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
