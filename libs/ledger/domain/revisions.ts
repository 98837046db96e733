import type { AttributionRevisedData, PolicyAppliedData } from '@ledger/contracts';
import type { AttributionDecision } from '@ledger/contracts';
import { addCredit, emptyStanding } from './commission/tier-standing';
import { Dec, formatAmount } from '@ledger/kernel';
import { creditFact, planAccruals, postAccrual, type AccrualPlan } from './accruals';
import { clawbackSteps, reapplyRefunds, type RevisionTag } from './clawbacks';
import type { LedgerEffects } from './ledger-effects';
import type { LineCause } from '@ledger/contracts';
import type { LedgerOptions } from './ledger-options';
import type { AccrualEntity, ConversionEntity, PartnerEntity } from './ledger-state';
import { posting } from './posting';
import { refreshTiers, tierFor } from './partner-accounts';
import { partnerAccount } from './ledger-state';

/**
 * A policy change's revision of one conversion: kept on the conversion until the change is complete
 * (`attribution.policy_applied`), because the credits of every revised conversion together decide
 * the tiers, and so the rates, of everything from the effective date on.
 */
export function recordRevision(effects: LedgerEffects, revised: AttributionRevisedData, cause: LineCause): void {
  const { decision } = revised;
  const conversion = effects.state.get('conversion', revised.conversionId);
  if (!conversion) {
    effects.exception(
      cause,
      `conversion ${revised.conversionId} has no booked commission: the revision by ${revised.adoptionId} is not booked`,
    );
    return;
  }
  if (conversion.decidedFor.source !== decision.cause.source || conversion.decidedFor.id !== decision.cause.id) {
    effects.exception(
      cause,
      `conversion ${revised.conversionId} was booked from ${conversion.decidedFor.source}/${conversion.decidedFor.id}, ` +
        `not from ${decision.cause.source}/${decision.cause.id}: the revision by ${revised.adoptionId} is not booked`,
    );
    return;
  }
  conversion.revision = { adoptionId: revised.adoptionId, decision, cause };
  effects.state.touch('conversion', conversion.conversionId);
  const change = effects.state.get('policy_change', revised.adoptionId) ?? { adoptionId: revised.adoptionId, conversionIds: [] };
  change.conversionIds.push(conversion.conversionId);
  effects.state.put('policy_change', revised.adoptionId, change);
}

/**
 * Books a complete policy change as if the policies now in force had always applied from its
 * effective date (SPEC §4): the revised credits replace the recorded ones, every partner's tier
 * standing is re-derived in global order, and each conversion from the effective date on whose
 * accrual differs (credits, tier, rate, commission) gets compensating entries: the old accrual and its
 * clawbacks reversed, the new one booked and clawed back again, dated at the business times they
 * correct. Nothing recorded is edited. A revised conversion is rated at the tier in force before it.
 */
export function applyPolicyChange(
  effects: LedgerEffects,
  options: LedgerOptions,
  change: PolicyAppliedData,
  recordedAt: string,
  cause: LineCause,
): void {
  const { state } = effects;
  const pending = state.get('policy_change', change.adoptionId);
  // Nothing revised: every credit stands, so tiers and rates do too.
  if (!pending) return;
  state.delete('policy_change', change.adoptionId);
  const revised = new Map<string, { decision: AttributionDecision; cause: LineCause }>();
  for (const conversionId of pending.conversionIds) {
    const conversion = state.get('conversion', conversionId);
    if (conversion?.revision?.adoptionId === change.adoptionId) revised.set(conversionId, conversion.revision);
  }
  const conversions = [...state.values('conversion')];
  const legacy = conversions.find((conversion) => conversion.position === undefined || conversion.credits === undefined);
  if (legacy) {
    effects.exception(
      cause,
      `conversion ${legacy.conversionId} was booked by an older version that did not keep its credits: rebuild the ledger to book ${change.adoptionId}`,
    );
    return;
  }
  conversions.sort((a, b) => (a.position as number) - (b.position as number) || (a.conversionId < b.conversionId ? -1 : 1));

  // Certifications stand; credits are counted again in global order, each conversion rated before its own.
  for (const partner of state.values('partner')) partner.standing = { ...emptyStanding(), certifications: partner.standing.certifications };
  const from = Date.parse(change.effectiveFrom);
  const until = change.effectiveUntil ? Date.parse(change.effectiveUntil) : Infinity;
  const rerated: Array<{
    conversion: ConversionEntity;
    plans: AccrualPlan[];
    decision?: AttributionDecision;
    cause: LineCause;
    unpaid: string[];
  }> = [];
  for (const conversion of conversions) {
    const revision = revised.get(conversion.conversionId);
    const decision = revision?.decision;
    const credits = decision?.credits ?? (conversion.credits as NonNullable<ConversionEntity['credits']>);
    const at = Date.parse(conversion.conversionTime);
    if (at >= from && at <= until) {
      const tierOf = (partner: PartnerEntity) =>
        tierFor(options.tierProgram, partner, conversion.position as number, conversion.conversionTime);
      const unpaid: string[] = [];
      const plans = planAccruals(
        effects,
        options,
        conversion,
        credits,
        decision?.policyVersion ?? conversion.policyVersion,
        tierOf,
        (message) => unpaid.push(message),
      );
      // A revised conversion's entries name its `attribution.revised`; a conversion re-rated only for its tier, this event.
      rerated.push({ conversion, plans, decision, cause: revision?.cause ?? cause, unpaid });
    }
    for (const credit of credits)
      addCredit(partnerAccount(state, credit.partnerId).standing, options.tierProgram, creditFact(conversion, credit));
  }
  for (const entry of rerated) {
    // A credit no rule pays was reported when it was first booked; again only if the conversion changes.
    if (rebook(effects, options, entry.conversion, entry.plans, entry.decision, change.adoptionId, recordedAt, entry.cause)) {
      for (const message of entry.unpaid) effects.exception(entry.cause, message);
    }
  }
  for (const partner of [...state.values('partner')]) refreshTiers(effects, options.tierProgram, partner, cause);
}

function sameAccrual(conversion: ConversionEntity, accrual: AccrualEntity, plan: AccrualPlan): boolean {
  return (
    accrual.revenue === plan.revenue &&
    accrual.commission === plan.commission &&
    accrual.tier === plan.tier &&
    accrual.rate === plan.rate &&
    accrual.payableAt === plan.payableAt &&
    (accrual.planVersion ?? conversion.planVersion) === plan.planVersion
  );
}

/** Replaces the accruals of one conversion that differ from the plans; unchanged ones stand with their clawbacks. */
function rebook(
  effects: LedgerEffects,
  options: LedgerOptions,
  conversion: ConversionEntity,
  plans: AccrualPlan[],
  decision: AttributionDecision | undefined,
  adoptionId: string,
  recordedAt: string,
  cause: LineCause,
): boolean {
  const planned = new Map(plans.map((plan) => [plan.partnerId, plan]));
  const kept = new Map<string, AccrualEntity>();
  const replaced = new Map<string, AccrualEntity>();
  for (const accrual of conversion.accruals) {
    const plan = planned.get(accrual.partnerId);
    if (plan && sameAccrual(conversion, accrual, plan)) kept.set(accrual.partnerId, accrual);
    else replaced.set(accrual.partnerId, accrual);
  }
  const booked = plans.filter((plan) => !kept.has(plan.partnerId));
  if (replaced.size === 0 && booked.length === 0 && !decision) return false;

  const newVersion = decision?.policyVersion ?? conversion.policyVersion;
  const oldVersion = conversion.policyVersion;
  for (const accrual of replaced.values()) {
    reverseAccrual(
      effects,
      conversion,
      accrual,
      newVersion,
      { adoptionId, replacedPolicyVersion: accrual.policyVersion ?? oldVersion },
      recordedAt,
      cause,
    );
  }
  conversion.accruals = [];
  for (const plan of plans) {
    const standing = kept.get(plan.partnerId);
    if (standing) {
      conversion.accruals.push(standing);
      continue;
    }
    const before = replaced.get(plan.partnerId);
    const tag = { adoptionId, replacedPolicyVersion: before?.policyVersion ?? oldVersion };
    const why = decision
      ? `under policy ${newVersion}, adopted in ${adoptionId} in place of ${tag.replacedPolicyVersion}`
      : `booked again by ${adoptionId} at the tier then in force` +
        (before ? ` (was ${before.tier} at ${new Dec(before.rate).times(100).toString()}%)` : '');
    postAccrual(effects, conversion, plan, recordedAt, cause, { ...tag, why });
    reapplyRefunds(effects, conversion, conversion.accruals[conversion.accruals.length - 1], { cause, recordedAt, revision: tag });
  }
  if (decision) {
    conversion.policyVersion = decision.policyVersion;
    conversion.credits = decision.credits;
  }
  delete conversion.revision;
  conversion.planVersion = options.plan.version;
  effects.state.touch('conversion', conversion.conversionId);
  return true;
}

/** Undoes one accrual and its clawbacks at their own business and payable times. */
function reverseAccrual(
  effects: LedgerEffects,
  conversion: ConversionEntity,
  accrual: AccrualEntity,
  newVersion: string,
  tag: RevisionTag,
  recordedAt: string,
  cause: LineCause,
): void {
  const { currency, conversionId } = conversion;
  const shared = {
    currency,
    recordedAt,
    cause,
    conversionId,
    policyVersion: newVersion,
    replacedPolicyVersion: tag.replacedPolicyVersion,
    planVersion: accrual.planVersion ?? conversion.planVersion,
    actor: null,
  };
  const because =
    newVersion !== tag.replacedPolicyVersion
      ? `policy ${newVersion} adopted in ${tag.adoptionId} credits conversion ${conversionId} differently`
      : `${tag.adoptionId} changes the tier in force for conversion ${conversionId}`;
  const steps = clawbackSteps(conversion, accrual, conversion.refunds ?? []);
  const clawed = steps.reduce((sum, step) => sum.plus(step.amount), new Dec(0));
  if (!clawed.equals(accrual.clawedBack)) {
    effects.exception(
      cause,
      `conversion ${conversionId}: the refunds on record claw back ${formatAmount(clawed, currency)} of ${accrual.partnerId}'s commission, the ledger ${accrual.clawedBack}; rebuild the ledger`,
    );
  }
  for (const step of steps) {
    const value = formatAmount(step.amount, currency);
    effects.post({
      ...shared,
      transactionId: `clawback-reversal:${tag.adoptionId}:${step.refund.cause.source}:${step.refund.cause.id}:${accrual.partnerId}`,
      kind: 'clawback_reversal',
      partnerId: accrual.partnerId,
      occurredAt: step.occurredAt,
      payableAt: step.payableAt,
      tier: accrual.tier,
      rate: accrual.rate,
      description: `reversal of the ${value} ${currency} clawed back under policy ${tag.replacedPolicyVersion} for refund ${step.refund.cause.id}: ${because}`,
      postings: [posting('program_commission_expense', 'debit', value, currency), posting('partner_commission', 'credit', value, currency)],
    });
  }
  if (new Dec(accrual.commission).isZero()) return;
  effects.post({
    ...shared,
    transactionId: `accrual-reversal:${tag.adoptionId}:${conversionId}:${accrual.partnerId}`,
    kind: 'accrual_reversal',
    partnerId: accrual.partnerId,
    occurredAt: conversion.conversionTime,
    payableAt: accrual.payableAt,
    tier: accrual.tier,
    rate: accrual.rate,
    description: `reversal of the ${accrual.commission} ${currency} commission (${accrual.tier}) under policy ${tag.replacedPolicyVersion}: ${because}`,
    postings: [
      posting('partner_commission', 'debit', accrual.commission, currency),
      posting('program_commission_expense', 'credit', accrual.commission, currency),
    ],
  });
}
