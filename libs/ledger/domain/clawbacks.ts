import { Dec, formatAmount, minorUnitsOf, Rational } from '@ledger/kernel';
import type { InvoiceRefundedData } from '@ledger/contracts';
import type { LedgerEffects } from './ledger-effects';
import type { LineCause } from '@ledger/contracts';
import type { AccrualEntity, AwaitingRefund, ConversionEntity } from './ledger-state';
import { posting } from './posting';
import { laterOf, normalizeTime } from '@ledger/kernel';

/** Names the adoption behind entries a revision books, so their ids and lines say which policy they replace. */
export interface RevisionTag {
  adoptionId: string;
  replacedPolicyVersion: string;
}

/** A refund names its conversion directly or through the invoice (an invoice's conversionId is its invoiceId). */
export function refundedConversionId(data: InvoiceRefundedData): string {
  return (data.conversionId ?? data.invoiceId) as string;
}

/** Books a refund now, or keeps it until the conversion's decision is recorded. */
export function recordRefund(effects: LedgerEffects, data: InvoiceRefundedData, at: string, recordedAt: string, cause: LineCause): void {
  const conversionId = refundedConversionId(data);
  const refund: AwaitingRefund = { amount: data.amount.amount, currency: data.amount.currency, time: normalizeTime(at), recordedAt, cause };
  const conversion = effects.state.get('conversion', conversionId);
  if (conversion) {
    applyRefund(effects, conversion, refund);
    return;
  }
  const waiting = effects.state.get('awaiting_refunds', conversionId) ?? [];
  waiting.push(refund);
  effects.state.put('awaiting_refunds', conversionId, waiting);
}

/** One step of an accrual's clawback: what a refund added to it, and from when it counts. */
export interface ClawbackStep {
  refund: AwaitingRefund;
  amount: Dec;
  occurredAt: string;
  payableAt: string;
  /** Refunded so far, including this refund. */
  refunded: Dec;
}

/**
 * The clawbacks of one accrual, refund by refund: the target is the cumulative refunded fraction of
 * the commission, rounded, and each refund books the difference. So partial refunds adding up to the
 * whole amount claw back exactly the whole commission, cent for cent, and a revision can undo them exactly.
 */
export function clawbackSteps(
  conversion: ConversionEntity,
  accrual: Pick<AccrualEntity, 'commission' | 'payableAt'>,
  refunds: readonly AwaitingRefund[],
): ClawbackStep[] {
  const { currency } = conversion;
  const amount = Rational.fromDecimal(conversion.amount);
  const commission = Rational.fromDecimal(accrual.commission);
  const digits = minorUnitsOf(currency);
  const steps: ClawbackStep[] = [];
  let refunded = new Dec(0);
  let clawed = new Dec(0);
  for (const refund of refunds) {
    refunded = refunded.plus(refund.amount);
    // commission × refunded ÷ amount as one exact fraction, rounded once (0.26 × 0.18 ÷ 1.04 = 0.045 → 0.04).
    const fraction = amount.isZero() ? Rational.ONE : Rational.fromDecimal(refunded.toFixed()).min(amount).dividedBy(amount);
    const target = commission.times(fraction).round(digits);
    const delta = target.minus(clawed);
    if (delta.lessThanOrEqualTo(0)) continue;
    clawed = target;
    // A refund dated before its sale (a data error upstream) is booked at the sale, never before it.
    const occurredAt = laterOf(refund.time, conversion.conversionTime);
    // Counts against pending until the clawed commission would have become payable.
    steps.push({ refund, amount: delta, occurredAt, payableAt: laterOf(occurredAt, accrual.payableAt), refunded });
  }
  return steps;
}

/** Claws back the refunded fraction of each partner's commission on the conversion. */
export function applyRefund(effects: LedgerEffects, conversion: ConversionEntity, refund: AwaitingRefund): void {
  const { currency } = conversion;
  if (refund.currency !== currency) {
    effects.exception(
      refund.cause,
      `refund in ${refund.currency} of conversion ${conversion.conversionId} booked in ${currency}: nothing clawed back`,
    );
    return;
  }
  const refunded = new Dec(conversion.refunded).plus(refund.amount);
  if (refunded.greaterThan(conversion.amount)) {
    effects.exception(
      refund.cause,
      `refunds of conversion ${conversion.conversionId} reach ${formatAmount(refunded, currency)} ${currency}, more than its ${conversion.amount}: clawback capped at the whole commission`,
    );
  }
  conversion.refunded = formatAmount(refunded, currency);
  conversion.refunds = [...(conversion.refunds ?? []), refund];
  effects.state.touch('conversion', conversion.conversionId);
  for (const accrual of conversion.accruals) {
    const steps = clawbackSteps(conversion, accrual, conversion.refunds);
    const step = steps[steps.length - 1];
    if (step?.refund === refund)
      postClawback(effects, conversion, accrual, step, { cause: refund.cause, recordedAt: refund.recordedAt, revision: null });
  }
}

/** After a policy change re-booked an accrual: claws the new commission back for every refund already booked. */
export function reapplyRefunds(
  effects: LedgerEffects,
  conversion: ConversionEntity,
  accrual: AccrualEntity,
  booking: ClawbackBooking,
): void {
  for (const step of clawbackSteps(conversion, accrual, conversion.refunds ?? []))
    postClawback(effects, conversion, accrual, step, booking);
}

/** What caused a clawback entry: the refund itself, or a revision re-applying it. */
export interface ClawbackBooking {
  cause: LineCause;
  recordedAt: string;
  revision: RevisionTag | null;
}

function postClawback(
  effects: LedgerEffects,
  conversion: ConversionEntity,
  accrual: AccrualEntity,
  step: ClawbackStep,
  booking: ClawbackBooking,
): void {
  const { currency } = conversion;
  const { refund, revision } = { refund: step.refund, revision: booking.revision };
  accrual.clawedBack = formatAmount(new Dec(accrual.clawedBack).plus(step.amount), currency);
  const value = formatAmount(step.amount, currency);
  effects.post({
    transactionId: `clawback:${revision ? `${revision.adoptionId}:` : ''}${refund.cause.source}:${refund.cause.id}:${accrual.partnerId}`,
    kind: 'clawback',
    partnerId: accrual.partnerId,
    currency,
    occurredAt: step.occurredAt,
    recordedAt: booking.recordedAt,
    payableAt: step.payableAt,
    cause: booking.cause,
    conversionId: conversion.conversionId,
    policyVersion: accrual.policyVersion ?? conversion.policyVersion,
    replacedPolicyVersion: revision?.replacedPolicyVersion ?? null,
    planVersion: accrual.planVersion ?? conversion.planVersion,
    tier: accrual.tier,
    rate: accrual.rate,
    description:
      `clawback: refund of ${refund.amount} ${currency} brings conversion ${conversion.conversionId} to ` +
      `${formatAmount(step.refunded, currency)} of ${conversion.amount} ${currency} refunded; ${accrual.clawedBack} of the ${accrual.commission} commission clawed back in total` +
      (revision ? ` (re-applied to the commission booked again by ${revision.adoptionId})` : ''),
    actor: null,
    postings: [posting('partner_commission', 'debit', value, currency), posting('program_commission_expense', 'credit', value, currency)],
  });
}
