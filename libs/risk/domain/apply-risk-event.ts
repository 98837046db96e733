import {
  catalogued,
  LEDGER_SOURCE,
  type AttributionDecision,
  type RecordedEvent,
  type RiskFlaggedData,
  type RiskPolicy,
} from '@ledger/contracts';
import { DAY_MS, Dec, toMillis } from '@ledger/kernel';
import { assessCommission } from './assess-commission';
import { flagIdFor } from './flag-id';
import { DEFAULT_RISK_POLICY } from './risk-policy';
import { POLICY_IN_FORCE, type RiskConversionEntity, type RiskState } from './risk-state';
import type { CreditedRevenue } from './signals/refund-rate';

export interface RiskOptions {
  /** The policy before any adoption (default risk-v1). */
  policy: RiskPolicy;
  /** A policy that wins over every adoption: a simulation's candidate (one with no signal screens nothing). */
  override?: RiskPolicy;
}

export const DEFAULT_RISK_OPTIONS: RiskOptions = { policy: DEFAULT_RISK_POLICY };

/**
 * Risk screening as a pure fold: learns partners, clicks, decided conversions and refunds from each
 * stored event in global order, and for each recorded `attribution.decided` returns one flag per
 * credited partner the policy in force raises a signal for. Each signal sees only the facts before
 * the decision's conversion event in global order, so the same store gives the same flags however
 * it was batched and on every rebuild. A simulation calls it with a candidate policy.
 */
export function applyRiskEvent(state: RiskState, recorded: RecordedEvent, options: RiskOptions): RiskFlaggedData[] {
  const event = catalogued(recorded);
  const own = event.source === LEDGER_SOURCE;
  const { position } = recorded;
  switch (event.type) {
    case 'partner.enrolled':
      if (!own) {
        const partner = state.get('partner', event.data.partnerId) ?? { enrolments: [] };
        partner.enrolments.push([toMillis(event.time), event.data.websiteDomain ?? null, position]);
        state.put('partner', event.data.partnerId, partner);
      }
      return [];
    case 'click.recorded':
      if (!own) recordClick(state, event.data.visitorId, [event.data.partnerId, toMillis(event.time), position, event.id]);
      return [];
    case 'invoice.refunded':
      if (!own) recordRefund(state, (event.data.conversionId ?? event.data.invoiceId) as string, event.data.amount.amount, position);
      return [];
    case 'risk.policy_adopted':
      if (own) state.put('policy', POLICY_IN_FORCE, { adoptionId: event.data.adoptionId, policy: event.data.policy });
      return [];
    case 'attribution.decided':
      return own ? screenDecision(state, event.data, policyInForce(state, options)) : [];
    default:
      return [];
  }
}

/** The risk policy commissions booked now are screened under. */
export function policyInForce(state: RiskState, options: RiskOptions): RiskPolicy {
  return options.override ?? state.get('policy', POLICY_IN_FORCE)?.policy ?? options.policy;
}

function recordClick(state: RiskState, visitorId: string, click: [string, number, number, string]): void {
  const visitor = state.get('visitor', visitorId) ?? { clicks: [] };
  visitor.clicks.push(click);
  state.put('visitor', visitorId, visitor);
  state.put('click', click[3], visitorId);
}

function recordRefund(state: RiskState, conversionId: string, amount: string, position: number): void {
  const conversion = state.get('conversion', conversionId);
  if (conversion) {
    conversion.refunds.push([amount, position]);
    state.touch('conversion', conversionId);
    return;
  }
  state.put('early_refunds', conversionId, [...(state.get('early_refunds', conversionId) ?? []), [amount, position]]);
}

/** Screens each credited partner's commission on the decided conversion; records the conversion for later refund rates. */
function screenDecision(state: RiskState, decision: AttributionDecision, policy: RiskPolicy): RiskFlaggedData[] {
  // A conversion id decided again (an upstream duplicate) is booked once by the ledger, so it is screened once.
  if (state.get('conversion', decision.conversionId)) return [];
  const before = decision.cause.position;
  const conversionTime = toMillis(decision.conversionTime);
  const { currency } = decision.amount;
  const winningClicks = new Map(
    decision.candidates.filter((c) => c.channel === 'click' && c.outcome === 'won' && c.partnerId).map((c) => [c.partnerId, c.reference]),
  );
  const flags: RiskFlaggedData[] = [];
  for (const credit of decision.credits) {
    if (new Dec(credit.revenue).isZero()) continue;
    // Enrolled since its first enrolment before the conversion; its website as the latest one says.
    const enrolments = (state.get('partner', credit.partnerId)?.enrolments ?? []).filter(([, , position]) => position < before);
    const known =
      enrolments.length > 0
        ? { enrolledAt: enrolments[0][0], websiteDomain: enrolments[enrolments.length - 1][1] ?? undefined }
        : undefined;
    const signals = assessCommission(
      {
        partnerId: credit.partnerId,
        conversionId: decision.conversionId,
        conversionTime,
        amount: decision.amount.amount,
        currency,
        accountDomain: decision.accountDomain ?? undefined,
        partner: { websiteDomain: known?.websiteDomain, enrolledAt: known?.enrolledAt },
        winningClick: winningClickOf(state, winningClicks.get(credit.partnerId), credit.partnerId, before),
        creditedHistory: creditedHistory(state, credit.partnerId, currency, conversionTime, before, policy),
      },
      policy,
    );
    if (signals.length === 0) continue;
    flags.push({
      flagId: flagIdFor(decision.conversionId, credit.partnerId),
      conversionId: decision.conversionId,
      partnerId: credit.partnerId,
      policyVersion: policy.version,
      signals,
      decision: decision.cause,
    });
  }
  rememberConversion(state, decision, conversionTime);
  return flags;
}

/** The winning click's visitor and that visitor's clicks for the partner before the conversion event. */
function winningClickOf(state: RiskState, clickId: string | undefined, partnerId: string, before: number) {
  if (!clickId) return undefined;
  const visitorId = state.get('click', clickId);
  if (visitorId === undefined) return undefined;
  const clicks = (state.get('visitor', visitorId)?.clicks ?? [])
    .filter(([partner, , position]) => partner === partnerId && position < before)
    .map(([, at]) => at);
  return { visitorId, clicks };
}

/** The partner's credited conversions in the currency within the window before this one, with what was refunded of each before it. */
function creditedHistory(
  state: RiskState,
  partnerId: string,
  currency: string,
  conversionTime: number,
  before: number,
  policy: RiskPolicy,
): CreditedRevenue[] {
  if (!policy.refundRate) return [];
  const from = conversionTime - policy.refundRate.windowDays * DAY_MS;
  const conversions = state.get('credits', partnerId)?.conversions ?? [];
  // Sorted by business time: only the window is read, however long the partner's history.
  const window: Array<[string, string]> = [];
  for (let i = firstAtOrAfter(conversions, from); i < conversions.length && conversions[i][1] <= conversionTime; i++) {
    const [conversionId, , position, inCurrency, revenue] = conversions[i];
    if (position < before && inCurrency === currency) window.push([conversionId, revenue]);
  }
  // Too few to judge: the rule cannot fire, so the refunds are not even summed.
  if (window.length < policy.refundRate.minConversions) return [];
  return window.map(([conversionId, revenue]) => ({
    conversionId,
    revenue,
    refunded: refundedShare(state.get('conversion', conversionId), revenue, before),
  }));
}

/** The part of the partner's credited revenue refunded before `before`: revenue × refunded ÷ amount, capped at the revenue. */
function refundedShare(conversion: RiskConversionEntity | undefined, revenue: string, before: number): string {
  if (!conversion || conversion.refunds.length === 0) return '0';
  const refunded = conversion.refunds.filter(([, position]) => position < before).reduce((sum, [amount]) => sum.plus(amount), new Dec(0));
  const amount = new Dec(conversion.amount);
  if (amount.isZero()) return '0';
  return Dec.min(refunded, amount).times(revenue).dividedBy(amount).toString();
}

function rememberConversion(state: RiskState, decision: AttributionDecision, at: number): void {
  const { conversionId } = decision;
  const position = decision.cause.position;
  const credits = decision.credits.map((credit) => ({ partnerId: credit.partnerId, revenue: credit.revenue }));
  const refunds = state.get('early_refunds', conversionId) ?? [];
  if (refunds.length > 0) state.delete('early_refunds', conversionId);
  state.put('conversion', conversionId, {
    currency: decision.amount.currency,
    amount: decision.amount.amount,
    at,
    position,
    credits,
    refunds,
  });
  for (const credit of credits) {
    const entity = state.get('credits', credit.partnerId) ?? { conversions: [] };
    // Kept in business-time order (then global order), so a window is found by binary search.
    let i = firstAtOrAfter(entity.conversions, at);
    while (i < entity.conversions.length && entity.conversions[i][1] === at && entity.conversions[i][2] < position) i++;
    entity.conversions.splice(i, 0, [conversionId, at, position, decision.amount.currency, credit.revenue]);
    state.put('credits', credit.partnerId, entity);
  }
}

/** Index of the first entry at or after business time `at` in a list sorted by business time. */
function firstAtOrAfter(conversions: ReadonlyArray<readonly [string, number, ...unknown[]]>, at: number): number {
  let low = 0;
  let high = conversions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (conversions[middle][1] < at) low = middle + 1;
    else high = middle;
  }
  return low;
}
