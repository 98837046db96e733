import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { invalidRequest, pageOf, type Page, type PageRequest } from '@ledger/platform/http';
import type { SqlDatabase } from '@ledger/platform/sql';
import { DEAL_COLUMNS, dealView, type DealRow, type DealView } from './deal-view';

/** A partner's deal registrations in the order they were recorded, with their status at `now`; keyset paged. */
export class ListPartnerDealsQuery extends Query<Page<DealView>> {
  constructor(
    readonly partnerId: string,
    readonly now: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}

@QueryHandler(ListPartnerDealsQuery)
export class ListPartnerDealsHandler implements IQueryHandler<ListPartnerDealsQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ partnerId, now, page }: ListPartnerDealsQuery): Promise<Page<DealView>> {
    const after = page.after;
    if (after && !/^[0-9]{1,18}$/.test(after[0])) throw invalidRequest([{ path: 'cursor', message: 'is not a cursor this list gave out' }]);
    const rows = await this.db.query<DealRow>(
      `SELECT ${DEAL_COLUMNS} FROM attribution_deals
        WHERE partner_id = $1 ${after ? 'AND (position, deal_id) > ($3::bigint, $4::text)' : ''}
        ORDER BY position, deal_id LIMIT $2`,
      after ? [partnerId, page.limit + 1, after[0], after[1]] : [partnerId, page.limit + 1],
    );
    return pageOf(
      rows,
      page,
      (row) => [String(row.position), row.deal_id],
      (row) => dealView(row, now),
    );
  }
}
