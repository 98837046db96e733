import { Dec, formatAmount } from '@ledger/kernel';
import { posting } from './posting';
import type { LedgerEffects } from './ledger-effects';
import { describeActor } from './describe-actor';
import { type AdjustmentRecordedData, type DisputeResolvedData } from '@ledger/contracts';
import type { LineCause } from '@ledger/contracts';
import { normalizeTime } from '@ledger/kernel';

/** A manual adjustment by finance: payable at once, signed (negative takes money from the partner). */
export function recordAdjustment(
  effects: LedgerEffects,
  data: AdjustmentRecordedData,
  at: string,
  recordedAt: string,
  cause: LineCause,
  description = `manual adjustment of ${formatAmount(new Dec(data.amount.amount), data.amount.currency)} ${data.amount.currency}: ${data.reason}`,
): void {
  const { currency } = data.amount;
  const amount = new Dec(data.amount.amount);
  if (amount.isZero()) return;
  const value = formatAmount(amount.abs(), currency);
  const time = normalizeTime(at);
  const toPartner = amount.greaterThan(0);
  effects.post({
    transactionId: `adjustment:${data.adjustmentId}`,
    kind: 'adjustment',
    partnerId: data.partnerId,
    currency,
    occurredAt: time,
    recordedAt,
    payableAt: time,
    cause,
    conversionId: null,
    policyVersion: null,
    planVersion: null,
    tier: null,
    rate: null,
    description,
    actor: describeActor(data.actor),
    postings: toPartner
      ? [posting('program_adjustments', 'debit', value, currency), posting('partner_commission', 'credit', value, currency)]
      : [posting('partner_commission', 'debit', value, currency), posting('program_adjustments', 'credit', value, currency)],
  });
}

/** An upheld dispute with an adjustment (SPEC §9): booked as an adjustment that names the dispute; nothing otherwise. */
export function recordDisputeResolution(
  effects: LedgerEffects,
  data: DisputeResolvedData,
  at: string,
  recordedAt: string,
  cause: LineCause,
): void {
  if (data.outcome !== 'upheld' || !data.adjustment) return;
  const { amount, currency } = data.adjustment;
  recordAdjustment(
    effects,
    {
      adjustmentId: `dispute:${data.disputeId}`,
      partnerId: data.partnerId,
      amount: data.adjustment,
      reason: data.reason,
      actor: data.resolvedBy,
    },
    at,
    recordedAt,
    cause,
    `adjustment of ${formatAmount(new Dec(amount), currency)} ${currency} upholding dispute ${data.disputeId}: ${data.reason}`,
  );
}
