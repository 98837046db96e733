import { PAYOUT_ACCOUNT, PAYOUT_KINDS_AT_ANY_DATE, type PayoutAvailability } from '@ledger/ledger/domain';
import type { SqlExecutor } from '@ledger/platform/sql';

/**
 * What each partner may be paid at business time `asOf`, in the listed currencies: the payout rule
 * (countsTowardPayout in @ledger/ledger/domain) summed by the database. A differential property
 * test holds it to `availableForPayout` on random ledgers.
 */
export async function payoutAvailability(db: SqlExecutor, asOf: string, currencies: readonly string[]): Promise<PayoutAvailability[]> {
  const rows = await db.query<{ partner_id: string; currency: string; available: string }>(
    `SELECT partner_id, currency, SUM(credit - debit)::text AS available
       FROM ledger_lines
      WHERE account = $2 AND currency = ANY($3::text[])
        AND (payable_at <= $1 OR kind = ANY($4::text[]))
      GROUP BY partner_id, currency`,
    [asOf, PAYOUT_ACCOUNT, currencies, PAYOUT_KINDS_AT_ANY_DATE],
  );
  return rows.map((row) => ({ partnerId: row.partner_id, currency: row.currency, available: row.available }));
}
