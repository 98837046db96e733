import { AttributionState, applyEvent, DEFAULT_POLICY, type AttributionOptions } from '@ledger/attribution/domain';
import { ATTRIBUTION_DECIDED, LEDGER_SOURCE, RISK_FLAGGED, type RecordedEvent, type RiskFlaggedData } from '@ledger/contracts';
import { applyRiskEvent, DEFAULT_RISK_OPTIONS, type RiskOptions } from '../apply-risk-event';
import { RiskState } from '../risk-state';

const ATTRIBUTION: AttributionOptions = { policy: DEFAULT_POLICY, recurringMonths: 12 };

/**
 * Runs upstream facts through attribution and risk screening as the live reactors do: each decision
 * is stored after its conversion event and screened when the risk fold reaches it, and its flags are
 * stored right after it. With
 * `decisionsLate`, every decision is stored only after all upstream facts (a reactor far behind).
 * `resumeEvery` persists and reloads the risk state as JSON every so many stored events.
 */
export function screenHistory(
  upstream: readonly RecordedEvent[],
  options: { risk?: RiskOptions; decisionsLate?: boolean; resumeEvery?: number } = {},
): { flags: RiskFlaggedData[]; stored: RecordedEvent[] } {
  const attribution = new AttributionState();
  let risk = new RiskState();
  const stored: RecordedEvent[] = [];
  const flags: RiskFlaggedData[] = [];
  const late: object[] = [];
  const store = (type: string, time: string, data: object, source: string, id: string): RecordedEvent => {
    const recorded: RecordedEvent = {
      position: stored.length + 1,
      streamId: `test-${stored.length + 1}`,
      revision: 0,
      recordedAt: time,
      event: { specversion: '1.0', id, source, type, time, data },
    };
    stored.push(recorded);
    const raised = applyRiskEvent(risk, recorded, options.risk ?? DEFAULT_RISK_OPTIONS);
    flags.push(...raised);
    if (options.resumeEvery && stored.length % options.resumeEvery === 0) {
      const persisted = JSON.parse(JSON.stringify([...risk.entities()])) as Array<{ kind: string; key: string; value: unknown }>;
      risk = new RiskState().load(persisted);
    }
    // Recorded like the reactor does: right after the decision they screen.
    for (const flag of raised) store(RISK_FLAGGED, time, flag, LEDGER_SOURCE, `${RISK_FLAGGED}:${flag.flagId}`);
    return recorded;
  };
  const decide = (decision: { conversionId: string; conversionTime: string }) =>
    store(ATTRIBUTION_DECIDED, decision.conversionTime, decision, LEDGER_SOURCE, `decided:${decision.conversionId}:${stored.length}`);
  for (const event of upstream) {
    const recorded = store(event.event.type, event.event.time, event.event.data as object, event.event.source, event.event.id);
    for (const output of applyEvent(attribution, recorded, ATTRIBUTION)) {
      if (output.kind !== 'decision') continue;
      if (options.decisionsLate) late.push(output.decision);
      else decide(output.decision);
    }
  }
  for (const decision of late) decide(decision as { conversionId: string; conversionTime: string });
  return { flags, stored };
}
