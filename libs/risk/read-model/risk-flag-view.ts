import type { Actor, RiskSignal } from '@ledger/contracts';
import { Dec, formatAmount } from '@ledger/kernel';

export type FlagStatus = 'open' | 'released' | 'rejected';
export const FLAG_STATUSES: readonly FlagStatus[] = ['open', 'released', 'rejected'];

/** A risk flag as the API answers it. */
export interface RiskFlagView {
  flagId: string;
  conversionId: string;
  partnerId: string;
  policyVersion: string;
  signals: RiskSignal[];
  status: FlagStatus;
  /** When the ledger recorded the flag. */
  flaggedAt: string;
  /** The commission the flag put on hold, and what of it is still held now (zero once decided); null before the ledger booked it. */
  amount: { amount: string; currency: string } | null;
  held: { amount: string; currency: string } | null;
  decision: { decision: 'release' | 'reject'; reason: string; actor: Actor; decidedAt: string } | null;
}

export interface RiskFlagRow {
  flag_id: string;
  position: string | number;
  conversion_id: string;
  partner_id: string;
  policy_version: string;
  signals: string;
  flagged_at: string | Date;
  status: FlagStatus;
  decision: string | null;
  currency: string | null;
  put_on_hold: string | null;
  held: string | null;
}

/**
 * The flag rows with the amounts the ledger's journal shows for them: the lines on the held account
 * for the flagged partner and conversion (the index on account and partner finds them).
 */
export const FLAG_SELECT = `
SELECT f.flag_id, f.position, f.conversion_id, f.partner_id, f.policy_version, f.signals, f.flagged_at, f.status, f.decision,
       h.currency, h.put_on_hold::text AS put_on_hold, h.held::text AS held
  FROM risk_flags f
  LEFT JOIN LATERAL (
    SELECT l.currency,
           SUM(CASE WHEN l.kind = 'hold' THEN l.credit - l.debit ELSE 0 END) AS put_on_hold,
           SUM(l.credit - l.debit) AS held
      FROM ledger_lines l
     WHERE l.account = 'partner_commission_held' AND l.partner_id = f.partner_id AND l.conversion_id = f.conversion_id
     GROUP BY l.currency
  ) h ON true`;

export function flagView(row: RiskFlagRow): RiskFlagView {
  const money = (value: string | null) =>
    row.currency === null || value === null ? null : { amount: formatAmount(new Dec(value), row.currency), currency: row.currency };
  return {
    flagId: row.flag_id,
    conversionId: row.conversion_id,
    partnerId: row.partner_id,
    policyVersion: row.policy_version,
    signals: JSON.parse(row.signals) as RiskSignal[],
    status: row.status,
    flaggedAt: new Date(row.flagged_at).toISOString(),
    amount: money(row.put_on_hold),
    held: money(row.held),
    decision: row.decision === null ? null : (JSON.parse(row.decision) as RiskFlagView['decision']),
  };
}
