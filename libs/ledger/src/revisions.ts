import type { AttributionRevisedData } from '@ledger/attribution';
import { Dec, formatAmount } from '@ledger/money';
import { bookCommissions, countTowardTiers } from './accruals';
import { clawbackSteps, reapplyRefunds, type RevisionTag } from './clawbacks';
import type { LedgerEffects } from './ledger-effects';
import type { LineCause } from './ledger-line';
import type { LedgerOptions } from './ledger-options';
import type { ConversionEntity } from './ledger-state';
import { posting } from './posting';
import { normalizeTime } from './time';

/**
 * Books a policy adoption's revision of one conversion with compensating entries, never by editing
 * lines: each replaced accrual is reversed and each of its clawbacks undone (at their own business and
 * payable times), then the new credits accrue and the refunds already booked are clawed back from them.
 * Every entry names the adopted policy and the replaced one. Tier progress moves from the old partners
 * to the new ones; a promotion it causes takes effect at the revision, and no tier is taken back.
 */
export function reviseDecision(effects: LedgerEffects, options: LedgerOptions, revised: AttributionRevisedData, at: string, recordedAt: string, cause: LineCause): void {
  const { decision } = revised;
  const conversion = effects.state.get('conversion', revised.conversionId);
  if (!conversion) {
    effects.exception(cause, `conversion ${revised.conversionId} has no booked commission: the revision by ${revised.adoptionId} is not booked`);
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
  const tag: RevisionTag = { adoptionId: revised.adoptionId, replacedPolicyVersion: conversion.policyVersion };
  reverseCommissions(effects, conversion, decision.policyVersion, tag, recordedAt, cause);
  countTowardTiers(effects, options, { conversionType: conversion.conversionType, amount: decision.amount, credits: revised.replaced.credits }, normalizeTime(at), cause, -1);

  conversion.policyVersion = decision.policyVersion;
  conversion.planVersion = options.plan.version;
  effects.state.touch('conversion', conversion.conversionId);
  bookCommissions(effects, options, conversion, decision, recordedAt, cause, tag);
  reapplyRefunds(effects, conversion, { cause, recordedAt, revision: tag });
  countTowardTiers(effects, options, decision, normalizeTime(at), cause, 1);
}

function reverseCommissions(effects: LedgerEffects, conversion: ConversionEntity, adoptedVersion: string, tag: RevisionTag, recordedAt: string, cause: LineCause): void {
  const { currency, conversionId } = conversion;
  const shared = {
    currency,
    recordedAt,
    cause,
    conversionId,
    policyVersion: adoptedVersion,
    replacedPolicyVersion: tag.replacedPolicyVersion,
    planVersion: conversion.planVersion,
    actor: null,
  };
  const because = `policy ${adoptedVersion} adopted in ${tag.adoptionId} credits conversion ${conversionId} differently`;
  for (const accrual of conversion.accruals) {
    const steps = clawbackSteps(conversion, accrual, conversion.refunds ?? []);
    const clawed = steps.reduce((sum, step) => sum.plus(step.amount), new Dec(0));
    if (!clawed.equals(accrual.clawedBack)) {
      effects.exception(cause, `conversion ${conversionId}: the refunds on record claw back ${formatAmount(clawed, currency)} of ${accrual.partnerId}'s commission, the ledger ${accrual.clawedBack}; rebuild the ledger`);
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
    if (new Dec(accrual.commission).isZero()) continue;
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
      postings: [posting('partner_commission', 'debit', accrual.commission, currency), posting('program_commission_expense', 'credit', accrual.commission, currency)],
    });
  }
}
