import { ATTRIBUTION_DECIDED, ATTRIBUTION_REVISED, LEDGER_SOURCE, type AttributionDecision, type RecordedEvent } from '@ledger/contracts';
import type { EntityRef } from '@ledger/kernel';

/**
 * The report state's entities folding `recorded` reads: the conversion and the partners of a
 * decision, the partner or coupon an upstream fact names. A read outside them is a miss the fold
 * recovers from (foldPartialState).
 */
export function reportRefsOfEvent(recorded: RecordedEvent): EntityRef[] {
  const { event } = recorded;
  if (event.source === LEDGER_SOURCE) {
    if (event.type !== ATTRIBUTION_DECIDED && event.type !== ATTRIBUTION_REVISED) return [];
    const decision = (
      event.type === ATTRIBUTION_DECIDED ? event.data : (event.data as { decision: unknown }).decision
    ) as AttributionDecision;
    return [
      { kind: 'conversion', key: decision.conversionId },
      ...decision.credits.map((credit) => ({ kind: 'partner', key: credit.partnerId })),
      ...decision.candidates.flatMap((candidate) => (candidate.partnerId === null ? [] : [{ kind: 'partner', key: candidate.partnerId }])),
    ];
  }
  const data = event.data as { partnerId?: unknown; code?: unknown } | null;
  const refs: EntityRef[] = [];
  if (typeof data?.partnerId === 'string') refs.push({ kind: 'partner', key: data.partnerId });
  if (typeof data?.code === 'string') refs.push({ kind: 'coupon', key: data.code });
  return refs;
}

/** A coupon points at its owner, whose profile a redemption changes. */
export function reportRefsOf(kind: string, value: unknown): EntityRef[] {
  return kind === 'coupon' ? [{ kind: 'partner', key: (value as { partnerId: string }).partnerId }] : [];
}
