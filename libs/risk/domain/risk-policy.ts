/** Per-currency amounts as decimal strings: {"USD": "10000.00"}. */
export type AmountsByCurrency = Readonly<Record<string, string>>;

/**
 * What the ledger screens a booked commission for (SPEC §9). A signal left out, or `false` for
 * `selfReferral`, is off. Versioned like attribution policies and adopted going forward.
 */
export interface RiskPolicy {
  version: string;
  selfReferral?: boolean;
  clickVelocity?: { maxClicks: number; withinMinutes: number };
  refundRate?: { threshold: string; minConversions: number; windowDays: number };
  newPartnerLargeDeal?: { withinDays: number; amount: AmountsByCurrency };
}

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
