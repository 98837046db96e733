import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { pageOf, type Page, type PageRequest } from '@ledger/platform/http';
import type { SqlDatabase } from '@ledger/platform/sql';

export interface PartnerListItem {
  partnerId: string;
  name: string | null;
  partnerType: string | null;
  status: string;
  tier: string;
  enrolledAt: string | null;
}

export interface PartnerFilter {
  /** Case-insensitive substring of the id or the name. */
  search?: string;
  type?: string;
  tier?: string;
  status?: string;
}

/** The program's partners by partnerId, filtered; keyset paged on the primary key. */
export class ListPartnersQuery extends Query<Page<PartnerListItem>> {
  constructor(
    readonly filter: PartnerFilter,
    readonly page: PageRequest,
  ) {
    super();
  }
}

interface Row {
  partner_id: string;
  name: string | null;
  partner_type: string | null;
  status: string;
  tier: string;
  enrolled_at: string | Date | null;
}

@QueryHandler(ListPartnersQuery)
export class ListPartnersHandler implements IQueryHandler<ListPartnersQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ filter, page }: ListPartnersQuery): Promise<Page<PartnerListItem>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (page.after) where.push(`partner_id > ${param(page.after[0])}`);
    if (filter.search) {
      const needle = param(filter.search.toLowerCase());
      where.push(`(strpos(lower(partner_id), ${needle}) > 0 OR strpos(lower(COALESCE(name, '')), ${needle}) > 0)`);
    }
    if (filter.type) where.push(`partner_type = ${param(filter.type)}`);
    if (filter.tier) where.push(`tier = ${param(filter.tier)}`);
    if (filter.status) where.push(`status = ${param(filter.status)}`);
    const rows = await this.db.query<Row>(
      `SELECT partner_id, name, partner_type, status, tier, enrolled_at FROM ledger_partners
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY partner_id LIMIT ${param(page.limit + 1)}`,
      params,
    );
    return pageOf(rows, page, (row) => [row.partner_id], partnerListItem);
  }
}

export function partnerListItem(row: Row): PartnerListItem {
  return {
    partnerId: row.partner_id,
    name: row.name,
    partnerType: row.partner_type,
    status: row.status,
    tier: row.tier,
    enrolledAt: row.enrolled_at === null ? null : new Date(row.enrolled_at).toISOString(),
  };
}
