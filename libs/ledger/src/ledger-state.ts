import type { ConversionType } from '@ledger/attribution';
import type { Tier, TierStats } from '@ledger/commission';
import type { PartnerType } from '@ledger/events';
import type { ChainHead } from './hash-chain';
import { KeyedState } from './keyed-state';
import type { TierChange } from './ledger-events';
import type { LineCause } from './ledger-line';

/*
 * What the ledger fold remembers between events, as JSON entities (see KeyedState). Nothing else
 * influences a transaction, so a fold resumed from persisted entities equals an uninterrupted one.
 */

export interface PartnerEntity {
  partnerId: string;
  name: string | null;
  partnerType: PartnerType | null;
  enrolledAt: string | null;
  /** Highest tier reached so far. */
  tier: Tier;
  /** Every tier change in global order, starting with `registered` at enrollment. */
  history: TierChange[];
  stats: TierStats;
  /** Last link of the partner's hash chain. */
  head: ChainHead;
}

export interface AccrualEntity {
  partnerId: string;
  commission: string;
  tier: Tier;
  rate: string;
  payableAt: string;
  /** Total clawed back so far (positive). */
  clawedBack: string;
}

export interface ConversionEntity {
  conversionId: string;
  conversionType: ConversionType;
  currency: string;
  amount: string;
  conversionTime: string;
  policyVersion: string;
  planVersion: string;
  /** The conversion event the accrued decision was about. */
  decidedFor: { source: string; id: string };
  accruals: AccrualEntity[];
  /** Sum of refunds applied so far. */
  refunded: string;
  /** The refunds applied, in order: a revision re-applies them to the new commission. */
  refunds?: AwaitingRefund[];
}

/** A refund that arrived before its conversion's decision; applied as soon as the decision is recorded. */
export interface AwaitingRefund {
  amount: string;
  currency: string;
  time: string;
  recordedAt: string;
  cause: LineCause;
}

export interface PayoutEntity {
  payoutId: string;
  runId: string;
  partnerId: string;
  currency: string;
  amount: string;
  status: 'scheduled' | 'paid' | 'failed';
}

export interface LedgerEntities {
  partner: PartnerEntity;
  conversion: ConversionEntity;
  awaiting_refunds: AwaitingRefund[];
  payout: PayoutEntity;
}

export const LEDGER_ENTITY_KINDS = ['partner', 'conversion', 'awaiting_refunds', 'payout'] as const;

export class LedgerState extends KeyedState<LedgerEntities> {
  constructor() {
    super(LEDGER_ENTITY_KINDS);
  }
}
