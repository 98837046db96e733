import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Dec, formatAmount } from '@ledger/kernel';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { pageOf, type Page, type PageRequest } from '@ledger/platform/http';
import type { SqlDatabase } from '@ledger/platform/sql';
import { payoutRunSummaries, type PayoutRunRow, type PayoutRunSummary } from './payout-run-summaries';

export interface PayoutView {
  payoutId: string;
  partnerId: string;
  currency: string;
  amount: string;
  status: 'scheduled' | 'paid' | 'failed';
  scheduledAt: string | null;
  /** Business time of payout.paid or payout.failed. */
  confirmedAt: string | null;
}

/** The run's summary and one page of its payouts (by payoutId): `payouts` and `nextCursor`. */
export type PayoutRunView = PayoutRunSummary & { payouts: PayoutView[]; nextCursor: string | null };

export class GetPayoutRunQuery extends Query<PayoutRunView | undefined> {
  constructor(
    readonly runId: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}

interface PayoutRow {
  payout_id: string;
  partner_id: string;
  currency: string;
  amount: string;
  status: PayoutView['status'];
  scheduled_at: string | Date | null;
  confirmed_at: string | Date | null;
}

const iso = (time: string | Date | null) => (time === null ? null : new Date(time).toISOString());

@QueryHandler(GetPayoutRunQuery)
export class GetPayoutRunHandler implements IQueryHandler<GetPayoutRunQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ runId, page }: GetPayoutRunQuery): Promise<PayoutRunView | undefined> {
    const runs = await this.db.query<PayoutRunRow>(
      'SELECT run_id, position, as_of, minimum, requested_by FROM ledger_payout_runs WHERE run_id = $1',
      [runId],
    );
    if (runs.length === 0) return undefined;
    const [summary] = await payoutRunSummaries(this.db, runs);
    const rows = await this.db.query<PayoutRow>(
      `SELECT payout_id, partner_id, currency, amount::text AS amount, status, scheduled_at, confirmed_at FROM ledger_payouts
        WHERE run_id = $1 ${page.after ? 'AND payout_id > $3' : ''} ORDER BY payout_id LIMIT $2`,
      page.after ? [runId, page.limit + 1, page.after[0]] : [runId, page.limit + 1],
    );
    const payouts: Page<PayoutView> = pageOf(
      rows,
      page,
      (row) => [row.payout_id],
      (row) => ({
        payoutId: row.payout_id,
        partnerId: row.partner_id,
        currency: row.currency,
        amount: formatAmount(new Dec(row.amount), row.currency),
        status: row.status,
        scheduledAt: iso(row.scheduled_at),
        confirmedAt: iso(row.confirmed_at),
      }),
    );
    return { ...summary, payouts: payouts.items, nextCursor: payouts.nextCursor };
  }
}
