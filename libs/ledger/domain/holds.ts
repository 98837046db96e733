import type { LineCause, RiskFlagDecidedData, RiskFlaggedData } from '@ledger/contracts';
import { Dec, formatAmount, laterOf, normalizeTime } from '@ledger/kernel';
import { clawbackSteps } from './clawbacks';
import { describeActor } from './describe-actor';
import type { LedgerEffects } from './ledger-effects';
import type { TransactionDraft } from './ledger-line';
import type { ConversionEntity, HoldEntity } from './ledger-state';
import { follows, heldBy, holdOf, transfer } from './hold-mirror';

/*
 * Risk holds (SPEC §9). A flagged commission is booked as usual, then mirrored onto
 * partner_commission_held by `hold` entries with the business and payable times of the entries they
 * mirror, so at every `asOf` it counts in `held` instead of pending or payable. While held, every later
 * entry on the partner's commission for that conversion is mirrored the same way (LedgerEffects.post
 * calls `followHold`). A release moves the net held back in one `hold_release`; a rejection writes it
 * off in one `hold_rejection`, and every later entry is written off the same way, so a rejected
 * commission stays rejected whatever revisions or refunds do.
 */

/** `risk.flagged`: holds the partner's commission on the conversion, mirroring the entries already booked. */
export function recordFlag(effects: LedgerEffects, data: RiskFlaggedData, recordedAt: string, cause: LineCause): void {
  const { state } = effects;
  const conversion = state.get('conversion', data.conversionId);
  if (!conversion) {
    effects.exception(cause, `flag ${data.flagId}: conversion ${data.conversionId} has no booked commission; nothing is held`);
    return;
  }
  const accrual = conversion.accruals.find((a) => a.partnerId === data.partnerId);
  if (!accrual) {
    effects.exception(
      cause,
      `flag ${data.flagId}: partner ${data.partnerId} has no commission on conversion ${data.conversionId}; nothing is held`,
    );
    return;
  }
  const existing = holdOf(conversion, data.partnerId);
  if (existing) {
    effects.exception(
      cause,
      `flag ${data.flagId}: partner ${data.partnerId}'s commission on conversion ${data.conversionId} was already flagged by ${existing.flagId} (${existing.status}); not held again`,
    );
    return;
  }
  const { currency } = conversion;
  const hold: HoldEntity = {
    flagId: data.flagId,
    partnerId: data.partnerId,
    status: 'held',
    amount: formatAmount(new Dec(0), currency),
    signals: data.signals.map((signal) => signal.signal),
  };
  conversion.holds = [...(conversion.holds ?? []), hold];
  state.touch('conversion', conversion.conversionId);

  const base = baseDraft(conversion, accrual.partnerId, {
    policyVersion: accrual.policyVersion ?? conversion.policyVersion,
    planVersion: accrual.planVersion ?? conversion.planVersion,
    tier: accrual.tier,
    rate: accrual.rate,
  });
  if (!new Dec(accrual.commission).isZero()) {
    moveToHeld(effects, conversion, hold, new Dec(accrual.commission), {
      ...base,
      transactionId: `hold:${hold.flagId}:accrual:${conversion.conversionId}:${hold.partnerId}`,
      cause,
      occurredAt: conversion.conversionTime,
      payableAt: accrual.payableAt,
      recordedAt,
      description:
        `${heldBy(hold)}: the ${accrual.commission} ${currency} commission (${accrual.tier}) on conversion ${conversion.conversionId} ` +
        `is held until finance decides`,
    });
  }
  // The clawbacks already booked, each as the entry that follows it would have been had the refund come after the flag.
  for (const step of clawbackSteps(conversion, accrual, conversion.refunds ?? [])) {
    const net = step.amount.negated();
    moveToHeld(effects, conversion, hold, net, {
      ...base,
      transactionId: `hold:${hold.flagId}:clawback:${step.refund.cause.source}:${step.refund.cause.id}:${hold.partnerId}`,
      cause: step.refund.cause,
      occurredAt: step.occurredAt,
      payableAt: step.payableAt,
      recordedAt,
      description: follows(heldBy(hold), 'clawback', net, conversion),
    });
  }
}

/** `risk.flag_decided`: releases the net held to the partner's commission, or writes it off. */
export function decideFlag(effects: LedgerEffects, data: RiskFlagDecidedData, at: string, recordedAt: string, cause: LineCause): void {
  const conversion = effects.state.get('conversion', data.conversionId);
  const hold = conversion?.holds?.find((h) => h.flagId === data.flagId);
  if (!conversion || !hold || hold.partnerId !== data.partnerId) {
    effects.exception(
      cause,
      `flag ${data.flagId} holds nothing of partner ${data.partnerId} on conversion ${data.conversionId}; the ${data.decision} has no effect`,
    );
    return;
  }
  if (hold.status !== 'held') {
    effects.exception(cause, `flag ${data.flagId} was already ${hold.status}; the ${data.decision} has no effect`);
    return;
  }
  const { currency } = conversion;
  const accrual = conversion.accruals.find((a) => a.partnerId === hold.partnerId);
  // A decision dated before the sale (clock skew upstream) takes effect at the sale, never before it.
  const time = laterOf(normalizeTime(at), conversion.conversionTime);
  const amount = new Dec(hold.amount);
  const actor = describeActor(data.actor);
  const base = {
    ...baseDraft(conversion, hold.partnerId, {
      policyVersion: accrual?.policyVersion ?? conversion.policyVersion,
      planVersion: accrual?.planVersion ?? conversion.planVersion,
      tier: accrual?.tier ?? null,
      rate: accrual?.rate ?? null,
    }),
    cause,
    occurredAt: time,
    recordedAt,
    actor,
  };
  effects.state.touch('conversion', conversion.conversionId);
  const value = formatAmount(amount, currency);
  if (data.decision === 'release') {
    hold.status = 'released';
    hold.releasedAt = time;
    if (amount.isZero()) return;
    effects.post({
      ...base,
      transactionId: `hold-release:${hold.flagId}`,
      kind: 'hold_release',
      // Payable from the later of the commission's payable date and the release.
      payableAt: laterOf(accrual?.payableAt ?? time, time),
      description: `released from flag ${hold.flagId} (${hold.signals.join(', ')}): ${value} ${currency} on conversion ${conversion.conversionId}; ${data.reason}`,
      postings: transfer('partner_commission_held', 'partner_commission', amount, currency),
    });
    return;
  }
  hold.status = 'rejected';
  hold.rejectedAt = time;
  if (amount.isZero()) return;
  effects.post({
    ...base,
    transactionId: `hold-rejection:${hold.flagId}`,
    kind: 'hold_rejection',
    payableAt: time,
    description: `rejected on flag ${hold.flagId} (${hold.signals.join(', ')}): ${value} ${currency} commission on conversion ${conversion.conversionId} reversed; ${data.reason}`,
    postings: transfer('partner_commission_held', 'program_commission_expense', amount, currency),
  });
}

/** Books `hold` moving `net` (signed, from the partner's side) from partner_commission to partner_commission_held. */
function moveToHeld(
  effects: LedgerEffects,
  conversion: ConversionEntity,
  hold: HoldEntity,
  net: Dec,
  draft: Omit<TransactionDraft, 'kind' | 'postings'>,
): void {
  if (net.isZero()) return;
  hold.amount = formatAmount(new Dec(hold.amount).plus(net), conversion.currency);
  effects.post({
    ...draft,
    kind: 'hold',
    postings: transfer('partner_commission', 'partner_commission_held', net, conversion.currency),
  });
}

function baseDraft(
  conversion: ConversionEntity,
  partnerId: string,
  rules: { policyVersion: string; planVersion: string; tier: TransactionDraft['tier']; rate: string | null },
) {
  return {
    partnerId,
    currency: conversion.currency,
    conversionId: conversion.conversionId,
    replacedPolicyVersion: null,
    actor: null,
    ...rules,
  };
}
