import type { ConversionType } from '@ledger/contracts';
import type { PartnerType } from '@ledger/contracts';
import type { Tier } from '@ledger/contracts';

/**
 * One rate rule of a plan. Every match field it names must equal the conversion's; among the rules
 * that match, the one naming the most fields wins (ties: the first listed). A rule pays a share of
 * the partner's credited revenue (`rate`), a flat amount per conversion (`flat`, per currency,
 * apportioned by the partner's weight), or both.
 */
export interface RateRule {
  tier?: Tier;
  partnerType?: PartnerType;
  conversionType?: ConversionType;
  /** Decimal string in [0, 1], e.g. "0.20". */
  rate?: string;
  /** Amount per conversion by ISO 4217 code, decimal strings: {"USD": "100.00"}. */
  flat?: Record<string, string>;
}

/** A versioned commission plan, the JSON document of SPEC §4. */
export interface CommissionPlan {
  version: string;
  /** A commission becomes payable this many days after its conversion's business time. */
  holdDays: number;
  /** Invoices earn commission for this many calendar months after the customer's first credited conversion. */
  recurringMonths: number;
  rates: RateRule[];
}

export const DEFAULT_PLAN: Readonly<CommissionPlan> = Object.freeze({
  version: 'default-v1',
  holdDays: 30,
  recurringMonths: 12,
  rates: [
    { tier: 'registered', rate: '0.20' },
    { tier: 'silver', rate: '0.25' },
    { tier: 'gold', rate: '0.30' },
  ] as RateRule[],
});
