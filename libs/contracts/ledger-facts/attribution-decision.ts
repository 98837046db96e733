import type { MoneyJson } from '@ledger/kernel';
import type { Channel } from './attribution-policy';

/* What the ledger records about each conversion's credits (`attribution.decided`). */

/** Type of the event that records a decision (source `partner-ledger`, stream `attribution-<conversionId>`). */
export const ATTRIBUTION_DECIDED = 'attribution.decided';

/** The event that caused an output: its idempotency key and global position. */
export interface Cause {
  source: string;
  id: string;
  position: number;
}

export const CONVERSION_TYPES = ['deal.closed_won', 'invoice.paid'] as const;

export type ConversionType = (typeof CONVERSION_TYPES)[number];

/**
 * - `fresh`: attributed from the touch history (every deal.closed_won, a customer's first invoice);
 * - `recurring`: an invoice inside the recurring window of the customer's first credited conversion;
 * - `none`: a later invoice with no credited first conversion, or after its window.
 */
export type DecisionBasis = 'fresh' | 'recurring' | 'none';

export interface Credit {
  partnerId: string;
  /** Decimal string, at most 10 decimals; the credits' weights sum to exactly 1. */
  weight: string;
  /** Credited revenue with exactly the currency's minor digits; sums exactly to the amount. */
  revenue: string;
  /**
   * The exact share behind the weight, as a fraction ("1/6"): revenue, flat commissions and recurring
   * rescaling start from it, never from the rounded weight. Absent on decisions recorded before it existed.
   */
  share?: string;
}

/**
 * - `won`: the touch earned (part of) the credit;
 * - `lost`: the touch qualified but something else took the credit (precedence, model, reserved account);
 * - `skipped`: the touch did not qualify (inactive partner, outside the window, expired, unknown code...).
 */
export type CandidateOutcome = 'won' | 'lost' | 'skipped';

export interface Candidate {
  /** null only for a redeemed coupon code that was never issued (it has no partner). */
  partnerId: string | null;
  channel: Channel;
  /** dealId, coupon code or click event id. */
  reference: string;
  /** Business time of the touch (registration, redemption or click), ISO 8601 UTC. */
  time: string;
  outcome: CandidateOutcome;
  reason: string;
}

export interface AttributionDecision {
  conversionId: string;
  conversionType: ConversionType;
  customerId: string;
  /** Normalised account domain of the conversion, or null (an invoice of a customer never identified with one). */
  accountDomain: string | null;
  amount: MoneyJson;
  conversionTime: string;
  cause: Cause;
  basis: DecisionBasis;
  /** The first credited conversion whose credits a recurring invoice reuses. */
  recurringOf?: string;
  policyVersion: string;
  /** Sorted by partnerId; empty when no partner qualifies. */
  credits: Credit[];
  candidates: Candidate[];
}
