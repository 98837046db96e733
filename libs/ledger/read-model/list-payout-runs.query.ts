import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { encodeCursor, positionAfter, type Page, type PageRequest } from '@ledger/platform/http';
import type { SqlDatabase } from '@ledger/platform/sql';
import { payoutRunSummaries, type PayoutRunRow, type PayoutRunSummary } from './payout-run-summaries';

/** Past payout runs, newest first (by their place in the store); keyset paged. */
export class ListPayoutRunsQuery extends Query<Page<PayoutRunSummary>> {
  constructor(readonly page: PageRequest) {
    super();
  }
}

@QueryHandler(ListPayoutRunsQuery)
export class ListPayoutRunsHandler implements IQueryHandler<ListPayoutRunsQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ page }: ListPayoutRunsQuery): Promise<Page<PayoutRunSummary>> {
    const after = positionAfter(page);
    const rows = await this.db.query<PayoutRunRow>(
      `SELECT run_id, position, as_of, minimum, requested_by FROM ledger_payout_runs
        ${after !== null ? 'WHERE position < $2' : ''} ORDER BY position DESC LIMIT $1`,
      after !== null ? [page.limit + 1, after] : [page.limit + 1],
    );
    const kept = rows.slice(0, page.limit);
    const items = await payoutRunSummaries(this.db, kept);
    return { items, nextCursor: rows.length > page.limit ? encodeCursor([String(kept[kept.length - 1].position)]) : null };
  }
}
