import type { AttributionDecision, Credit } from '@ledger/contracts';
import { addCredit } from './commission/tier-standing';
import { commissionForCredit } from './commission/commission';
import { type Tier } from '@ledger/contracts';
import { Dec, formatAmount } from '@ledger/kernel';
import { applyRefund, type RevisionTag } from './clawbacks';
import type { LedgerEffects } from './ledger-effects';
import type { LineCause } from '@ledger/contracts';
import type { LedgerOptions } from './ledger-options';
import type { AccrualEntity, ConversionEntity, PartnerEntity } from './ledger-state';
import { posting } from './posting';
import { refreshTiers, tierFor } from './partner-accounts';
import { partnerAccount } from './ledger-state';
import { addDaysIso, normalizeTime } from '@ledger/kernel';

/**
 * Books the commission of every credited partner of a recorded attribution decision, at the tier in
 * force before the conversion (SPEC §4: facts before its upstream event in global order, not after it
 * in business time), then counts the conversion toward tiers (so a tier it completes applies from the
 * next conversion on), then applies refunds that were waiting for it.
 */
export function accrueDecision(
  effects: LedgerEffects,
  options: LedgerOptions,
  decision: AttributionDecision,
  recordedAt: string,
  cause: LineCause,
): void {
  const { state } = effects;
  const existing = state.get('conversion', decision.conversionId);
  if (existing) {
    effects.exception(
      cause,
      `conversion ${decision.conversionId} was already booked from ${existing.decidedFor.source}/${existing.decidedFor.id}; ` +
        `the decision about ${decision.cause.source}/${decision.cause.id} is not booked again`,
    );
    return;
  }
  const { currency } = decision.amount;
  const conversion: ConversionEntity = {
    conversionId: decision.conversionId,
    conversionType: decision.conversionType,
    customerId: decision.customerId,
    currency,
    amount: decision.amount.amount,
    conversionTime: normalizeTime(decision.conversionTime),
    policyVersion: decision.policyVersion,
    planVersion: options.plan.version,
    decidedFor: { source: decision.cause.source, id: decision.cause.id },
    position: decision.cause.position,
    credits: decision.credits,
    accruals: [],
    refunded: formatAmount(new Dec(0), currency),
    refunds: [],
  };
  state.put('conversion', decision.conversionId, conversion);
  const tierOf = (partner: PartnerEntity) => tierFor(options.tierProgram, partner, decision.cause.position, conversion.conversionTime);
  const unpaid = (message: string) => effects.exception(cause, message);
  for (const plan of planAccruals(effects, options, conversion, decision.credits, decision.policyVersion, tierOf, unpaid)) {
    postAccrual(effects, conversion, plan, recordedAt, cause, null);
  }
  countTowardTiers(effects, options, conversion, decision.credits, cause);

  const waiting = state.get('awaiting_refunds', decision.conversionId);
  if (waiting) {
    state.delete('awaiting_refunds', decision.conversionId);
    // The ledger learned the clawback when it learned the commission it claws back.
    for (const refund of waiting) applyRefund(effects, conversion, { ...refund, recordedAt });
  }
}

/** What one credit of a conversion accrues: its commission under the plan at a given tier. */
export type AccrualPlan = Omit<AccrualEntity, 'clawedBack'> & {
  credit: Credit;
  flat: string | null;
  policyVersion: string;
  planVersion: string;
  revenue: string;
};

/** The accruals the credits earn, each at the tier `tierOf` gives its partner; a credit no rule pays is an exception. */
export function planAccruals(
  effects: LedgerEffects,
  options: LedgerOptions,
  conversion: ConversionEntity,
  credits: readonly Credit[],
  policyVersion: string,
  tierOf: (partner: PartnerEntity) => Tier,
  unpaid: (message: string) => void,
): AccrualPlan[] {
  const payableAt = addDaysIso(conversion.conversionTime, options.plan.holdDays);
  const plans: AccrualPlan[] = [];
  for (const credit of credits) {
    const partner = partnerAccount(effects.state, credit.partnerId);
    const tier = tierOf(partner);
    const context = { tier, partnerType: partner.partnerType, conversionType: conversion.conversionType };
    const line = commissionForCredit(options.plan, context, credit, conversion.currency);
    if (!line) {
      unpaid(
        `plan ${options.plan.version} has no rate for ${tier} ${partner.partnerType ?? 'unenrolled'} partner ${credit.partnerId} on a ${conversion.conversionType}`,
      );
      continue;
    }
    plans.push({
      partnerId: credit.partnerId,
      credit,
      revenue: credit.revenue,
      commission: line.amount,
      flat: line.flat,
      tier,
      rate: line.rate,
      payableAt,
      policyVersion,
      planVersion: options.plan.version,
    });
  }
  return plans;
}

/** Records the accrual on the conversion and books its line (none for a zero commission). */
export function postAccrual(
  effects: LedgerEffects,
  conversion: ConversionEntity,
  plan: AccrualPlan,
  recordedAt: string,
  cause: LineCause,
  revision: (RevisionTag & { why: string }) | null,
): void {
  const { currency, conversionId, conversionType } = conversion;
  const { credit, tier, rate, commission, payableAt, policyVersion, planVersion } = plan;
  conversion.accruals.push({
    partnerId: plan.partnerId,
    revenue: plan.revenue,
    policyVersion,
    planVersion,
    commission,
    tier,
    rate,
    payableAt,
    clawedBack: formatAmount(new Dec(0), currency),
  });
  if (new Dec(commission).isZero()) return;
  effects.post({
    transactionId: revision
      ? `accrual:${revision.adoptionId}:${conversionId}:${plan.partnerId}`
      : `accrual:${policyVersion}:${conversionId}:${plan.partnerId}`,
    kind: 'accrual',
    partnerId: plan.partnerId,
    currency,
    occurredAt: conversion.conversionTime,
    recordedAt,
    payableAt,
    cause,
    conversionId,
    policyVersion,
    replacedPolicyVersion: revision?.replacedPolicyVersion ?? null,
    planVersion,
    tier,
    rate,
    description:
      `commission at ${new Dec(rate).times(100).toString()}% (${tier})` +
      (plan.flat ? ` plus ${plan.flat} ${currency} flat × weight ${credit.weight}` : '') +
      ` on ${credit.revenue} ${currency} credited revenue of ${conversionType} ${conversionId}` +
      (revision ? `, ${revision.why}` : ''),
    actor: null,
    postings: [
      posting('program_commission_expense', 'debit', commission, currency),
      posting('partner_commission', 'credit', commission, currency),
    ],
  });
}

/** Counts the conversion's credits toward each credited partner's tiers and records what that changes. */
export function countTowardTiers(
  effects: LedgerEffects,
  options: LedgerOptions,
  conversion: ConversionEntity,
  credits: readonly Credit[],
  cause: LineCause,
): void {
  for (const credit of credits) {
    const partner = partnerAccount(effects.state, credit.partnerId);
    addCredit(partner.standing, options.tierProgram, creditFact(conversion, credit));
    refreshTiers(effects, options.tierProgram, partner, cause);
  }
}

export function creditFact(conversion: ConversionEntity, credit: Credit) {
  return {
    conversionId: conversion.conversionId,
    at: conversion.conversionTime,
    position: conversion.position ?? 0,
    sourced: conversion.conversionType === 'deal.closed_won',
    currency: conversion.currency,
    revenue: credit.revenue,
  };
}
