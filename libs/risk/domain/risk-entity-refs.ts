import { ATTRIBUTION_DECIDED, LEDGER_SOURCE, type AttributionDecision, type RecordedEvent } from '@ledger/contracts';
import type { EntityRef } from '@ledger/kernel';
import { POLICY_IN_FORCE, type RiskCreditsEntity, type RiskEntities } from './risk-state';

/** A partner's most recent credited conversions fetched with its credits; older ones a window reaches are fetched on a miss. */
const RECENT_CONVERSIONS = 64;

/**
 * The entities screening `recorded` starts from: the partner of an enrolment, the visitor of a
 * click, the conversion of a refund, and for a decision its conversion, the policy in force, each
 * credited partner's enrolments and credits, and its winning clicks. A partial state fetches them
 * (and what they point at, `riskRefsOf`) before a batch; a read outside them is a miss the fold recovers from.
 */
export function riskRefsOfEvent(recorded: RecordedEvent): EntityRef[] {
  const { event } = recorded;
  const data = event.data as Record<string, unknown> | null;
  if (data === null || typeof data !== 'object') return [];
  if (event.source === LEDGER_SOURCE) {
    if (event.type !== ATTRIBUTION_DECIDED) return [];
    const decision = data as unknown as AttributionDecision;
    return [
      { kind: 'conversion', key: decision.conversionId },
      { kind: 'early_refunds', key: decision.conversionId },
      { kind: 'policy', key: POLICY_IN_FORCE },
      ...decision.credits.flatMap((credit) => [
        { kind: 'partner', key: credit.partnerId },
        { kind: 'credits', key: credit.partnerId },
      ]),
      ...decision.candidates.flatMap((candidate) =>
        candidate.channel === 'click' && candidate.outcome === 'won' ? [{ kind: 'click', key: candidate.reference }] : [],
      ),
    ];
  }
  switch (event.type) {
    case 'partner.enrolled':
      return typeof data.partnerId === 'string' ? [{ kind: 'partner', key: data.partnerId }] : [];
    case 'click.recorded':
      return typeof data.visitorId === 'string' ? [{ kind: 'visitor', key: data.visitorId }] : [];
    case 'invoice.refunded': {
      const conversionId = data.conversionId ?? data.invoiceId;
      return typeof conversionId === 'string'
        ? [
            { kind: 'conversion', key: conversionId },
            { kind: 'early_refunds', key: conversionId },
          ]
        : [];
    }
    default:
      return [];
  }
}

/** What a risk entity points at: a click its visitor, a partner's credits its recent conversions. */
export function riskRefsOf(kind: string, value: unknown): EntityRef[] {
  switch (kind as keyof RiskEntities) {
    case 'click':
      return [{ kind: 'visitor', key: value as string }];
    case 'credits':
      return (value as RiskCreditsEntity).conversions
        .slice(-RECENT_CONVERSIONS)
        .map(([conversionId]) => ({ kind: 'conversion', key: conversionId }));
    default:
      return [];
  }
}
