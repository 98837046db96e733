import { Dec, formatAmount, roundToMinorUnit } from '@ledger/money';
import type { InvoiceRefundedData } from '@ledger/events';
import type { LedgerEffects } from './ledger-effects';
import type { LineCause } from './ledger-line';
import type { AwaitingRefund, ConversionEntity } from './ledger-state';
import { posting } from './posting';
import { laterOf, normalizeTime } from './time';

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

/**
 * Claws back the refunded fraction of each partner's commission on the conversion. The target is
 * computed on the cumulative refunded fraction and the difference booked, so several partial refunds
 * adding up to the whole amount claw back exactly the whole commission, cent for cent.
 */
export function applyRefund(effects: LedgerEffects, conversion: ConversionEntity, refund: AwaitingRefund): void {
  const { currency } = conversion;
  if (refund.currency !== currency) {
    effects.exception(refund.cause, `refund in ${refund.currency} of conversion ${conversion.conversionId} booked in ${currency}: nothing clawed back`);
    return;
  }
  const amount = new Dec(conversion.amount);
  const refunded = new Dec(conversion.refunded).plus(refund.amount);
  if (refunded.greaterThan(amount)) {
    effects.exception(refund.cause, `refunds of conversion ${conversion.conversionId} reach ${formatAmount(refunded, currency)} ${currency}, more than its ${conversion.amount}: clawback capped at the whole commission`);
  }
  const fraction = Dec.min(refunded.dividedBy(amount), 1);
  // A refund dated before its sale (a data error upstream) is booked at the sale, never before it.
  const occurredAt = laterOf(refund.time, conversion.conversionTime);
  conversion.refunded = formatAmount(refunded, currency);
  effects.state.touch('conversion', conversion.conversionId);
  for (const accrual of conversion.accruals) {
    const target = roundToMinorUnit(new Dec(accrual.commission).times(fraction), currency);
    const delta = target.minus(accrual.clawedBack);
    if (delta.lessThanOrEqualTo(0)) continue;
    accrual.clawedBack = formatAmount(target, currency);
    const value = formatAmount(delta, currency);
    effects.post({
      transactionId: `clawback:${refund.cause.source}:${refund.cause.id}:${accrual.partnerId}`,
      kind: 'clawback',
      partnerId: accrual.partnerId,
      currency,
      occurredAt,
      recordedAt: refund.recordedAt,
      // Counts against pending until the clawed commission would have become payable.
      payableAt: laterOf(occurredAt, accrual.payableAt),
      cause: refund.cause,
      conversionId: conversion.conversionId,
      policyVersion: conversion.policyVersion,
      planVersion: conversion.planVersion,
      tier: accrual.tier,
      rate: accrual.rate,
      description:
        `clawback: refund of ${refund.amount} ${currency} brings conversion ${conversion.conversionId} to ` +
        `${formatAmount(refunded, currency)} of ${conversion.amount} ${currency} refunded; ${accrual.clawedBack} of the ${accrual.commission} commission clawed back in total`,
      actor: null,
      postings: [
        posting('partner_commission', 'debit', value, currency),
        posting('program_commission_expense', 'credit', value, currency),
      ],
    });
  }
}
