import type { RiskPolicy } from './risk-policy';
import type { RiskSignal } from './risk-signal';
import { clickVelocity } from './signals/click-velocity';
import { newPartnerLargeDeal } from './signals/new-partner-large-deal';
import { refundRate, type CreditedRevenue } from './signals/refund-rate';
import { selfReferral } from './signals/self-referral';

/** What the risk rules look at when one partner's commission on one conversion is booked: the history before it. */
export interface CommissionFacts {
  partnerId: string;
  conversionId: string;
  conversionTime: number;
  amount: string;
  currency: string;
  accountDomain?: string;
  partner: { websiteDomain?: string; enrolledAt?: number };
  /** The winning click's visitor and that visitor's clicks for this partner (ms), when a click won. */
  winningClick?: { visitorId: string; clicks: readonly number[] };
  /** The partner's credited conversions in this currency within the refund-rate window before this one. */
  creditedHistory: readonly CreditedRevenue[];
}

/** Every signal the policy raises for this commission, in SPEC §9's order; empty: book it as usual. */
export function assessCommission(facts: CommissionFacts, policy: RiskPolicy): RiskSignal[] {
  const { partnerId, conversionId } = facts;
  const raised = [
    policy.selfReferral ? selfReferral({ conversionId, accountDomain: facts.accountDomain }, { partnerId, ...facts.partner }) : null,
    facts.winningClick ? clickVelocity({ partnerId, ...facts.winningClick }, policy.clickVelocity) : null,
    refundRate({ partnerId, currency: facts.currency, history: facts.creditedHistory }, policy.refundRate),
    facts.partner.enrolledAt === undefined
      ? null
      : newPartnerLargeDeal(
          {
            partnerId,
            enrolledAt: facts.partner.enrolledAt,
            conversionTime: facts.conversionTime,
            amount: facts.amount,
            currency: facts.currency,
          },
          policy.newPartnerLargeDeal,
        ),
  ];
  return raised.filter((signal): signal is RiskSignal => signal !== null);
}
