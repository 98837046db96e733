import { Dec, formatAmount } from '@ledger/kernel';
import type { SqlExecutor } from '@ledger/platform/sql';

export interface PayoutRunSummary {
  runId: string;
  /** Commissions payable by this business time were paid. */
  asOf: string;
  /** Minimum per currency the run was asked for (empty for runs recorded before it was kept). */
  minimum: Record<string, string>;
  requestedBy: { keyId: string; role: string } | null;
  /** Per currency: how many payouts and how much, in total and by status. */
  totals: Array<{ currency: string; payouts: number; amount: string; scheduled: string; paid: string; failed: string }>;
}

export interface PayoutRunRow {
  run_id: string;
  position: string | number;
  as_of: string | Date;
  minimum: string | Record<string, string>;
  requested_by: string | { keyId: string; role: string } | null;
}

const json = <T>(value: string | T): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/** The runs' summaries, their payouts summed per currency and status by the database (one query for a page of runs). */
export async function payoutRunSummaries(db: SqlExecutor, runs: readonly PayoutRunRow[]): Promise<PayoutRunSummary[]> {
  if (runs.length === 0) return [];
  const sums = await db.query<{ run_id: string; currency: string; status: string; payouts: string | number; amount: string }>(
    `SELECT run_id, currency, status, COUNT(*) AS payouts, SUM(amount)::text AS amount FROM ledger_payouts
      WHERE run_id = ANY($1::text[]) GROUP BY run_id, currency, status ORDER BY run_id, currency, status`,
    [runs.map((run) => run.run_id)],
  );
  return runs.map((run) => {
    const totals = new Map<string, { payouts: number; amount: Dec; scheduled: Dec; paid: Dec; failed: Dec }>();
    for (const sum of sums) {
      if (sum.run_id !== run.run_id) continue;
      const total = totals.get(sum.currency) ?? {
        payouts: 0,
        amount: new Dec(0),
        scheduled: new Dec(0),
        paid: new Dec(0),
        failed: new Dec(0),
      };
      total.payouts += Number(sum.payouts);
      total.amount = total.amount.plus(sum.amount);
      if (sum.status === 'scheduled' || sum.status === 'paid' || sum.status === 'failed')
        total[sum.status] = total[sum.status].plus(sum.amount);
      totals.set(sum.currency, total);
    }
    return {
      runId: run.run_id,
      asOf: new Date(run.as_of).toISOString(),
      minimum: json(run.minimum),
      requestedBy: run.requested_by === null ? null : json(run.requested_by),
      totals: [...totals.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([currency, total]) => ({
          currency,
          payouts: total.payouts,
          amount: formatAmount(total.amount, currency),
          scheduled: formatAmount(total.scheduled, currency),
          paid: formatAmount(total.paid, currency),
          failed: formatAmount(total.failed, currency),
        })),
    };
  });
}
