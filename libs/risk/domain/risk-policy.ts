import type { RiskPolicy } from '@ledger/contracts';

export type { AmountsByCurrency, RiskPolicy } from '@ledger/contracts';

/** The policy in force until finance adopts another: every signal on, with SPEC §9's figures. */
export const DEFAULT_RISK_POLICY: Readonly<RiskPolicy> = Object.freeze({
  version: 'risk-v1',
  selfReferral: true,
  clickVelocity: { maxClicks: 20, withinMinutes: 10 },
  refundRate: { threshold: '0.5', minConversions: 5, windowDays: 90 },
  newPartnerLargeDeal: { withinDays: 30, amount: { USD: '10000.00' } },
});

/** A policy that holds nothing: the baseline of the "every signal off" property and of simulations. */
export function signalsOff(version: string): RiskPolicy {
  return { version, selfReferral: false };
}
