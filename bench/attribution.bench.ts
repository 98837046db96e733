import type { RecordedEvent } from '@ledger/contracts';
import { applyEvent, AttributionState, DEFAULT_POLICY } from '@ledger/attribution/domain';
import { type AttributionOptions } from '@ledger/attribution/domain';
import { measure, printComparison, type Measurement } from './report';
import { syntheticHistory } from './synthetic-history';

const EVENTS = Number(process.env.ATTRIBUTION_BENCH_EVENTS ?? 1_000_000);
const CHUNK = 100_000;

/**
 * Attribution throughput: applyEvent folded over a seeded synthetic history of 1,000,000 events,
 * against a same-run baseline loop that only reads the same events. The history is produced in
 * chunks (generation is not timed) so memory holds one chunk of events plus the attribution state.
 */
export async function attributionBench(): Promise<void> {
  const options: AttributionOptions = { policy: DEFAULT_POLICY, recurringMonths: 12 };
  const state = new AttributionState({ trackDirty: false });
  const subject: Measurement = { label: 'applyEvent (attribution fold)', operations: 0, millis: 0 };
  const baseline: Measurement = { label: 'baseline: read type and data only', operations: 0, millis: 0 };
  let decisions = 0;
  let credited = 0;
  let rejections = 0;
  let sink = 0;

  const source = syntheticHistory({ events: EVENTS, seed: 20260304 });
  for (;;) {
    const chunk: RecordedEvent[] = [];
    while (chunk.length < CHUNK) {
      const result = source.next();
      if (result.done) break;
      chunk.push(result.value);
    }
    if (chunk.length === 0) break;

    const read = await measure(baseline.label, chunk.length, () => {
      for (const recorded of chunk) {
        const data = recorded.event.data as Record<string, unknown>;
        sink += recorded.event.type.length + ((data.customerId ?? data.partnerId ?? data.dealId ?? data.code) ? 1 : 0);
      }
    });
    const fold = await measure(subject.label, chunk.length, () => {
      for (const recorded of chunk) {
        for (const output of applyEvent(state, recorded, options)) {
          if (output.kind === 'decision') {
            decisions++;
            if (output.decision.credits.length > 0) credited++;
          } else rejections++;
        }
      }
    });
    for (const [total, part] of [
      [baseline, read],
      [subject, fold],
    ] as const) {
      total.operations += part.operations;
      total.millis += part.millis;
    }
    if (chunk.length < CHUNK) break;
  }

  printComparison(
    `attribution: applyEvent over ${subject.operations.toLocaleString('en-US')} synthetic events (events/s)`,
    'events',
    subject,
    baseline,
  );
  const perSecond = subject.millis === 0 ? Infinity : (decisions * 1000) / subject.millis;
  console.log(
    `  decisions: ${decisions.toLocaleString('en-US')} (${credited.toLocaleString('en-US')} credited), ${Math.round(perSecond).toLocaleString('en-US')} decisions/s; ` +
      `automatic registration rejections: ${rejections.toLocaleString('en-US')}\n` +
      `  state entities: ${JSON.stringify(state.counts())}; baseline checksum ${sink}`,
  );
}

if (require.main === module) {
  attributionBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
