import { Dec, formatAmount } from '@ledger/kernel';
import type { Account } from './accounts';
import type { Posting, TransactionDraft, TransactionKind } from './ledger-line';
import type { ConversionEntity, HoldEntity, LedgerState } from './ledger-state';
import { posting } from './posting';

/*
 * How an entry on a held or rejected commission is mirrored (holds.ts has the rules around it).
 * Kept apart from the hold rules so LedgerEffects can call it without importing them.
 */

/** The kinds the hold rules book themselves: never mirrored again. */
export const HOLD_KINDS: readonly TransactionKind[] = ['hold', 'hold_release', 'hold_rejection'];

/** The hold on `partnerId`'s commission on the conversion, if any. */
export function holdOf(conversion: ConversionEntity, partnerId: string): HoldEntity | undefined {
  return conversion.holds?.find((hold) => hold.partnerId === partnerId);
}

/**
 * Called for every transaction the ledger posts: an entry on a held partner's commission for a
 * conversion is followed by a `hold` moving the same net to partner_commission_held; on a rejected one,
 * by a `hold_rejection` writing it off. The companion shares the entry's cause, times and rule
 * versions (so it sits next to it on statements); its description names the flag. Returns it, or null.
 */
export function followHold(state: LedgerState, draft: TransactionDraft): TransactionDraft | null {
  if (draft.conversionId === null || HOLD_KINDS.includes(draft.kind)) return null;
  const conversion = state.get('conversion', draft.conversionId);
  const hold = conversion && holdOf(conversion, draft.partnerId);
  if (!conversion || !hold || hold.status === 'released') return null;
  const net = draft.postings
    .filter((p) => p.account === 'partner_commission')
    .reduce((sum, p) => sum.plus(p.credit).minus(p.debit), new Dec(0));
  if (net.isZero()) return null;
  const shared = {
    ...draft,
    replacedPolicyVersion: draft.replacedPolicyVersion ?? null,
    actor: null,
  };
  if (hold.status === 'held') {
    hold.amount = formatAmount(new Dec(hold.amount).plus(net), draft.currency);
    state.touch('conversion', conversion.conversionId);
    return {
      ...shared,
      transactionId: `hold:${hold.flagId}:${draft.transactionId}`,
      kind: 'hold',
      description: follows(heldBy(hold), draft.kind, net, conversion),
      postings: transfer('partner_commission', 'partner_commission_held', net, draft.currency),
    };
  }
  return {
    ...shared,
    transactionId: `hold-rejection:${hold.flagId}:${draft.transactionId}`,
    kind: 'hold_rejection',
    description: follows(`rejected on flag ${hold.flagId} (${hold.signals.join(', ')})`, draft.kind, net, conversion),
    postings: transfer('partner_commission', 'program_commission_expense', net, draft.currency),
  };
}

export function heldBy(hold: HoldEntity): string {
  return `held by flag ${hold.flagId}: ${hold.signals.join(', ')}`;
}

export function follows(prefix: string, kind: TransactionKind, net: Dec, conversion: ConversionEntity): string {
  return `${prefix}; follows the ${kind} of ${formatAmount(net, conversion.currency)} ${conversion.currency} on conversion ${conversion.conversionId}`;
}

/** Moves a signed amount from one account to another: debit `from`, credit `to` (the other way round when negative). */
export function transfer(from: Account, to: Account, amount: Dec, currency: string): Posting[] {
  const value = formatAmount(amount.abs(), currency);
  return amount.greaterThan(0)
    ? [posting(from, 'debit', value, currency), posting(to, 'credit', value, currency)]
    : [posting(from, 'credit', value, currency), posting(to, 'debit', value, currency)];
}
