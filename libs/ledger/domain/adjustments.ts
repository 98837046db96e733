import { Dec, formatAmount } from '@ledger/kernel';
import { posting } from './posting';
import type { LedgerEffects } from './ledger-effects';
import { describeActor } from './describe-actor';
import { type AdjustmentRecordedData } from '@ledger/contracts';
import type { LineCause } from '@ledger/contracts';
import { normalizeTime } from '@ledger/kernel';

/** A manual adjustment by finance: payable at once, signed (negative takes money from the partner). */
export function recordAdjustment(
  effects: LedgerEffects,
  data: AdjustmentRecordedData,
  at: string,
  recordedAt: string,
  cause: LineCause,
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
    description: `manual adjustment of ${formatAmount(amount, currency)} ${currency}: ${data.reason}`,
    actor: describeActor(data.actor),
    postings: toPartner
      ? [posting('program_adjustments', 'debit', value, currency), posting('partner_commission', 'credit', value, currency)]
      : [posting('partner_commission', 'debit', value, currency), posting('program_adjustments', 'credit', value, currency)],
  });
}
