import { AttributionState, DEFAULT_POLICY } from '@ledger/attribution/domain';
import { DEFAULT_PLAN } from '@ledger/ledger/domain';
import { SqlEventStore, type AppendCandidate } from '@ledger/platform/event-store';
import type { RecordedEvent } from '@ledger/contracts';
import { runSimulation } from '@ledger/simulation/application';
import { withRecordedDecisions } from '../libs/simulation/domain/testing/recorded-history';
import { PgliteDatabase } from '@ledger/platform/sql';
import { measure, printComparison } from './report';
import { syntheticHistory } from './synthetic-history';

const EVENTS = Number(process.env.SIMULATION_BENCH_EVENTS ?? 1_000_000);
const CHUNK = 10_000;

/**
 * What-if replay speed: a seeded history of 1,000,000 upstream events (plus the decisions the live
 * attribution recorded for them) is stored, then replayed from the store under a linear-click policy
 * and a 30 % plan, against a same-run baseline that only reads the same events in the same batches.
 * Peak RSS is reported: the replay streams the store, so memory holds one batch plus the folds' state.
 */
export async function simulationBench(): Promise<void> {
  const db = await PgliteDatabase.open();
  const store = await SqlEventStore.open(db);
  try {
    const upstream: RecordedEvent[] = [];
    const state = new AttributionState({ trackDirty: false });
    const flush = async () => {
      // Decisions are recorded right after their conversion, as the live projection would (setup, not timed).
      const stored = withRecordedDecisions(
        upstream.splice(0),
        { policy: DEFAULT_POLICY, recurringMonths: DEFAULT_PLAN.recurringMonths },
        state,
      );
      const candidates: AppendCandidate[] = stored.map((recorded) => ({ streamId: `bench-${recorded.event.type}`, event: recorded.event }));
      for (let i = 0; i < candidates.length; i += 1000) await store.append(candidates.slice(i, i + 1000));
    };
    for (const recorded of syntheticHistory({ events: EVENTS, seed: 1234 })) {
      upstream.push(recorded);
      if (upstream.length === CHUNK) await flush();
    }
    await flush();
    const head = await store.headPosition();
    const rssBefore = process.memoryUsage().rss;

    const baseline = await measure('baseline: read the same events, batches of 2000', head, async () => {
      for (let after = 0; after < head;) after = (await store.readAll(after, 2000)).at(-1)?.position ?? head;
    });
    let changed = 0;
    // Heap in use at each quarter of the history: it follows the folds' state (partners, customers,
    // conversions), not the number of events read, because the history is streamed.
    const quarters: string[] = [];
    let peakRss = 0;
    const subject = await measure('simulation: linear policy + 30 % plan, compared', head, async () => {
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      let next = 0.25;
      const result = await runSimulation(
        store,
        {
          policy: { ...DEFAULT_POLICY, version: 'linear-bench', model: 'linear' },
          plan: { ...DEFAULT_PLAN, version: 'flat-30', rates: [{ rate: '0.30' }] },
        },
        ({ eventsRead, totalEvents }) => {
          const { rss, heapUsed } = process.memoryUsage();
          peakRss = Math.max(peakRss, rss);
          if (totalEvents > 0 && eventsRead / totalEvents >= next) {
            quarters.push(`${Math.round(next * 100)} %: +${((heapUsed - heapBefore) / 2 ** 20).toFixed(0)} MiB`);
            next += 0.25;
          }
        },
      );
      changed = result.conversionsChanged;
    });
    printComparison(`simulation: what-if replay of ${head.toLocaleString('en-US')} stored events (events/s)`, 'events', subject, baseline);
    console.log(
      `  conversions changed: ${changed.toLocaleString('en-US')}; heap held by the replay after ${quarters.join(', ')}; ` +
        `RSS ${(rssBefore / 2 ** 20).toFixed(0)} MiB before the runs (embedded store in memory included), at most ${(peakRss / 2 ** 20).toFixed(0)} MiB during the replay`,
    );
  } finally {
    await store.close();
    await db.close();
  }
}

if (require.main === module) {
  simulationBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
