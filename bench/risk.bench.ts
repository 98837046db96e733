import { ATTRIBUTION_DECIDED, LEDGER_SOURCE, type RecordedEvent } from '@ledger/contracts';
import { applyEvent, AttributionState, DEFAULT_POLICY, type AttributionOptions } from '@ledger/attribution/domain';
import { applyRiskEvent, DEFAULT_RISK_OPTIONS, RiskState } from '@ledger/risk/domain';
import { measure, printComparison, type Measurement } from './report';
import { syntheticHistory } from './synthetic-history';

const EVENTS = Number(process.env.RISK_BENCH_EVENTS ?? 500_000);
const CHUNK = 100_000;

/**
 * Risk screening throughput (SPEC §9): the screening fold over a synthetic history and the
 * decisions attribution makes of it, beside the same-run baseline of the attribution fold over the
 * same upstream events. The screening reactor reads every stored event, as attribution does, so the
 * ratio says what screening adds to a catch-up.
 */
export async function riskBench(): Promise<void> {
  const attribution: AttributionOptions = { policy: DEFAULT_POLICY, recurringMonths: 12 };
  const touches = new AttributionState({ trackDirty: false });
  const risk = new RiskState({ trackDirty: false });
  const subject: Measurement = { label: 'applyRiskEvent (screening fold)', operations: 0, millis: 0 };
  const baseline: Measurement = { label: 'baseline: applyEvent (attribution fold)', operations: 0, millis: 0 };
  let position = 0;
  let flags = 0;
  let decisions = 0;

  const source = syntheticHistory({ events: EVENTS, seed: 20260304 });
  for (;;) {
    const upstream: RecordedEvent[] = [];
    while (upstream.length < CHUNK) {
      const result = source.next();
      if (result.done) break;
      upstream.push(result.value);
    }
    if (upstream.length === 0) break;
    // The stream the screening reactor reads: each upstream fact, then the decision it caused.
    const stored: RecordedEvent[] = [];
    const fold = await measure(baseline.label, upstream.length, () => {
      for (const recorded of upstream) {
        const at = { ...recorded, position: ++position };
        stored.push(at);
        for (const output of applyEvent(touches, at, attribution)) {
          if (output.kind !== 'decision') continue;
          decisions++;
          stored.push({
            position: ++position,
            streamId: `attribution-${output.decision.conversionId}`,
            revision: 0,
            recordedAt: at.recordedAt,
            event: {
              specversion: '1.0',
              id: `d-${position}`,
              source: LEDGER_SOURCE,
              type: ATTRIBUTION_DECIDED,
              time: at.event.time,
              data: output.decision,
            },
          });
        }
      }
    });
    const screen = await measure(subject.label, upstream.length, () => {
      for (const recorded of stored) flags += applyRiskEvent(risk, recorded, DEFAULT_RISK_OPTIONS).length;
    });
    for (const [total, part] of [
      [baseline, fold],
      [subject, screen],
    ] as const) {
      total.operations += part.operations;
      total.millis += part.millis;
    }
    if (upstream.length < CHUNK) break;
  }
  printComparison(
    `risk screening over ${subject.operations.toLocaleString('en-US')} synthetic upstream events (events/s)`,
    'events',
    subject,
    baseline,
  );
  console.log(
    `  decisions screened: ${decisions.toLocaleString('en-US')}; flags raised under risk-v1: ${flags.toLocaleString('en-US')}\n` +
      `  screening state entities: ${JSON.stringify(counts(risk))}`,
  );
}

function counts(state: RiskState): Record<string, number> {
  const byKind: Record<string, number> = {};
  for (const entity of state.entities()) byKind[entity.kind] = (byKind[entity.kind] ?? 0) + 1;
  return byKind;
}

if (require.main === module) {
  riskBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
