export const RISK_SIGNALS = ['self_referral', 'click_velocity', 'refund_rate', 'new_partner_large_deal'] as const;
export type RiskSignalKind = (typeof RISK_SIGNALS)[number];

/**
 * Why a commission is held: the signal, the figures behind it (plain JSON, decimals as strings)
 * and one sentence a person reads in the risk queue.
 */
export interface RiskSignal {
  signal: RiskSignalKind;
  evidence: string;
  figures: Readonly<Record<string, string | number>>;
}
