import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { pageOf, positionAfter, type Page, type PageRequest } from '@ledger/platform/http';
import type { SqlDatabase } from '@ledger/platform/sql';
import { FLAG_SELECT, flagView, type FlagStatus, type RiskFlagRow, type RiskFlagView } from './risk-flag-view';

/** Risk flags, newest first, by status and partner; keyset paged on the flag's place in the store. */
export class ListRiskFlagsQuery extends Query<Page<RiskFlagView>> {
  constructor(
    readonly filter: { status?: FlagStatus; partnerId?: string },
    readonly page: PageRequest,
  ) {
    super();
  }
}

@QueryHandler(ListRiskFlagsQuery)
export class ListRiskFlagsHandler implements IQueryHandler<ListRiskFlagsQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ filter, page }: ListRiskFlagsQuery): Promise<Page<RiskFlagView>> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (filter.status !== undefined) where.push(`f.status = ${param(filter.status)}`);
    if (filter.partnerId !== undefined) where.push(`f.partner_id = ${param(filter.partnerId)}`);
    const after = positionAfter(page);
    if (after !== null) where.push(`f.position < ${param(after)}`);
    const rows = await this.db.query<RiskFlagRow>(
      `${FLAG_SELECT} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY f.position DESC LIMIT ${param(page.limit + 1)}`,
      params,
    );
    return pageOf(rows, page, (row) => [String(row.position)], flagView);
  }
}

/** One flag, or null. */
export class GetRiskFlagQuery extends Query<RiskFlagView | null> {
  constructor(readonly flagId: string) {
    super();
  }
}

@QueryHandler(GetRiskFlagQuery)
export class GetRiskFlagHandler implements IQueryHandler<GetRiskFlagQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ flagId }: GetRiskFlagQuery): Promise<RiskFlagView | null> {
    const [row] = await this.db.query<RiskFlagRow>(`${FLAG_SELECT} WHERE f.flag_id = $1`, [flagId]);
    return row ? flagView(row) : null;
  }
}
