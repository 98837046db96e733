import { chainTransaction } from './hash-chain';
import type { TierChange } from '@ledger/contracts';
import type { LedgerTransaction, TransactionDraft } from './ledger-line';
import type { LineCause } from '@ledger/contracts';
import type { LedgerState } from './ledger-state';
import { partnerAccount } from './ledger-state';
import { followHold } from './hold-mirror';

export type LedgerOutput =
  | { kind: 'transaction'; transaction: LedgerTransaction }
  | { kind: 'tier_changed'; partnerId: string; change: TierChange }
  /** An event the ledger could not book as it stands (unknown payout, refund in another currency...). */
  | { kind: 'exception'; cause: LineCause; message: string };

/** Collects what one event does to the ledger, linking each transaction into its partner's chain. */
export class LedgerEffects {
  readonly outputs: LedgerOutput[] = [];

  constructor(
    readonly state: LedgerState,
    private readonly hashLines = true,
  ) {}

  /**
   * Books a transaction; an entry on a held (or rejected) commission is followed at once by the hold
   * entry that mirrors it (holds.ts), so every rule that posts on a conversion respects its holds.
   */
  post(draft: TransactionDraft): void {
    this.chain(draft);
    const companion = followHold(this.state, draft);
    if (companion) this.chain(companion);
  }

  private chain(draft: TransactionDraft): void {
    const partner = partnerAccount(this.state, draft.partnerId);
    const { transaction, head } = chainTransaction(draft, partner.head, this.hashLines);
    partner.head = head;
    this.state.touch('partner', partner.partnerId);
    this.outputs.push({ kind: 'transaction', transaction });
  }

  tierChanged(partnerId: string, change: TierChange): void {
    this.outputs.push({ kind: 'tier_changed', partnerId, change });
  }

  exception(cause: LineCause, message: string): void {
    this.outputs.push({ kind: 'exception', cause, message });
  }
}
