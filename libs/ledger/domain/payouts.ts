import type { PayoutResultData } from '@ledger/contracts';
import type { LedgerEffects } from './ledger-effects';
import { describeActor } from './describe-actor';
import { type PayoutRunScheduledData } from '@ledger/contracts';
import type { Posting, TransactionDraft } from './ledger-line';
import type { LineCause } from '@ledger/contracts';
import type { PayoutEntity } from './ledger-state';
import { posting } from './posting';
import { laterOf, normalizeTime } from '@ledger/kernel';

function payoutDraft(
  payout: PayoutEntity,
  kind: TransactionDraft['kind'],
  at: string,
  recordedAt: string,
  cause: LineCause,
  description: string,
  postings: Posting[],
  actor: string | null = null,
): TransactionDraft {
  const prefix = kind === 'payout' ? 'payout' : kind === 'payout_confirmation' ? 'payout-confirmation' : 'payout-reversal';
  return {
    transactionId: `${prefix}:${payout.payoutId}`,
    kind,
    partnerId: payout.partnerId,
    currency: payout.currency,
    occurredAt: at,
    recordedAt,
    payableAt: at,
    cause,
    conversionId: null,
    policyVersion: null,
    planVersion: null,
    tier: null,
    rate: null,
    description,
    actor,
    postings,
  };
}

/** A payout run moves each payout from the partner's commission account to payouts in transit. */
export function schedulePayouts(
  effects: LedgerEffects,
  data: PayoutRunScheduledData,
  at: string,
  recordedAt: string,
  cause: LineCause,
): void {
  const time = normalizeTime(at);
  for (const scheduled of data.payouts) {
    if (effects.state.get('payout', scheduled.payoutId)) {
      effects.exception(cause, `payout ${scheduled.payoutId} was already scheduled; the repeat in run ${data.runId} is not booked`);
      continue;
    }
    const payout: PayoutEntity = {
      payoutId: scheduled.payoutId,
      runId: data.runId,
      partnerId: scheduled.partnerId,
      currency: scheduled.amount.currency,
      amount: scheduled.amount.amount,
      status: 'scheduled',
      scheduledAt: time,
    };
    effects.state.put('payout', payout.payoutId, payout);
    effects.post(
      payoutDraft(
        payout,
        'payout',
        time,
        recordedAt,
        cause,
        `payout ${payout.payoutId} of run ${data.runId}: payable as of ${data.asOf}`,
        [
          posting('partner_commission', 'debit', payout.amount, payout.currency),
          posting('partner_payouts_in_transit', 'credit', payout.amount, payout.currency),
        ],
        describeActor(data.requestedBy),
      ),
    );
  }
}

/** `payout.paid`: the provider confirms; the money leaves the program's cash. */
export function confirmPayout(effects: LedgerEffects, data: PayoutResultData, at: string, recordedAt: string, cause: LineCause): void {
  const payout = effects.state.get('payout', data.payoutId);
  if (!payout || payout.status !== 'scheduled') {
    effects.exception(
      cause,
      payout
        ? `payout ${data.payoutId} is already ${payout.status}; payout.paid has no effect`
        : `payout ${data.payoutId} is unknown; payout.paid has no effect`,
    );
    return;
  }
  // A provider's answer dated before the run (clock skew upstream) is booked at the run, never before it.
  const time = laterOf(normalizeTime(at), payout.scheduledAt ?? normalizeTime(at));
  payout.status = 'paid';
  payout.confirmedAt = time;
  effects.state.touch('payout', payout.payoutId);
  effects.post(
    payoutDraft(payout, 'payout_confirmation', time, recordedAt, cause, `payout ${payout.payoutId} confirmed by the payment provider`, [
      posting('partner_payouts_in_transit', 'debit', payout.amount, payout.currency),
      posting('program_cash', 'credit', payout.amount, payout.currency),
    ]),
  );
}

/** `payout.failed` reverses the payout: the amount is payable to the partner again at once. */
export function failPayout(effects: LedgerEffects, data: PayoutResultData, at: string, recordedAt: string, cause: LineCause): void {
  const payout = effects.state.get('payout', data.payoutId);
  if (!payout || payout.status === 'failed') {
    effects.exception(
      cause,
      payout
        ? `payout ${data.payoutId} already failed; payout.failed has no effect`
        : `payout ${data.payoutId} is unknown; payout.failed has no effect`,
    );
    return;
  }
  // A payout that fails after its confirmation (a returned payment) comes back out of cash.
  const from = payout.status === 'paid' ? 'program_cash' : 'partner_payouts_in_transit';
  // Never dated before the payout or its confirmation, so no balance shows money in transit that was never paid.
  const time = laterOf(normalizeTime(at), payout.confirmedAt ?? payout.scheduledAt ?? normalizeTime(at));
  payout.status = 'failed';
  effects.state.touch('payout', payout.payoutId);
  effects.post(
    payoutDraft(
      payout,
      'payout_reversal',
      time,
      recordedAt,
      cause,
      `payout ${payout.payoutId} failed${data.reason ? `: ${data.reason}` : ''}; amount payable again`,
      [posting(from, 'debit', payout.amount, payout.currency), posting('partner_commission', 'credit', payout.amount, payout.currency)],
    ),
  );
}
