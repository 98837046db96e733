/** A partner's deal registration as SPEC §5 shows it, with its status at a moment. */
export interface DealView {
  dealId: string;
  partnerId: string;
  accountDomain: string;
  status: 'pending' | 'approved' | 'rejected' | 'expired' | 'won' | 'lost';
  registeredAt: string;
  /** Until when the registration holds its domain (pending period or protection); null once rejected. */
  protectedUntil: string | null;
  /** Why it was rejected or lost, or when it expired; null otherwise. */
  reason: string | null;
  /** The `deal.closed_won` conversion the registration won. */
  conversionId: string | null;
}

export interface DealRow {
  deal_id: string;
  partner_id: string;
  account_domain: string;
  registered_at: string | Date;
  position: string | number;
  approved_at: string | Date | null;
  hold_until: string | Date;
  rejected_at: string | Date | null;
  rejection_reason: string | null;
  lost_at: string | Date | null;
  lost_reason: string | null;
  won_at: string | Date | null;
  won_conversion_id: string | null;
}

export const DEAL_COLUMNS =
  'deal_id, partner_id, account_domain, registered_at, position, approved_at, hold_until, rejected_at, rejection_reason, lost_at, lost_reason, won_at, won_conversion_id';

const iso = (time: string | Date) => new Date(time).toISOString();

/**
 * The status at `now`: rejected (by the engine or upstream), won (a deal.closed_won it won), lost
 * (deal.closed_lost), expired (its pending period or protection is over), else approved or pending.
 */
export function dealView(row: DealRow, now: string): DealView {
  const holdUntil = iso(row.hold_until);
  const base = {
    dealId: row.deal_id,
    partnerId: row.partner_id,
    accountDomain: row.account_domain,
    registeredAt: iso(row.registered_at),
    conversionId: row.won_conversion_id,
  };
  if (row.rejected_at !== null) return { ...base, status: 'rejected', protectedUntil: null, reason: row.rejection_reason };
  if (row.won_at !== null) return { ...base, status: 'won', protectedUntil: holdUntil, reason: null };
  if (row.lost_at !== null) return { ...base, status: 'lost', protectedUntil: iso(row.lost_at), reason: row.lost_reason };
  if (Date.parse(now) > Date.parse(holdUntil)) {
    const reason =
      row.approved_at === null ? `expired unapproved on ${holdUntil.slice(0, 10)}` : `protection ended on ${holdUntil.slice(0, 10)}`;
    return { ...base, status: 'expired', protectedUntil: holdUntil, reason };
  }
  return { ...base, status: row.approved_at === null ? 'pending' : 'approved', protectedUntil: holdUntil, reason: null };
}
