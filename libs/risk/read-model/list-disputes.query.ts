import type { Actor, DisputeOutcome } from '@ledger/contracts';
import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { pageOf, positionAfter, type Page, type PageRequest } from '@ledger/platform/http';
import type { SqlDatabase } from '@ledger/platform/sql';

export type DisputeStatus = 'open' | DisputeOutcome;
export const DISPUTE_STATUSES: readonly DisputeStatus[] = ['open', 'upheld', 'rejected'];

/** A dispute as the API answers it. */
export interface DisputeView {
  disputeId: string;
  partnerId: string;
  conversionId: string | null;
  lineId: string | null;
  message: string;
  status: DisputeStatus;
  openedAt: string;
  openedBy: Actor;
  resolution: {
    outcome: DisputeOutcome;
    reason: string;
    adjustment: { amount: string; currency: string } | null;
    resolvedBy: Actor;
    resolvedAt: string;
  } | null;
}

interface Row {
  dispute_id: string;
  position: string | number;
  partner_id: string;
  conversion_id: string | null;
  line_id: string | null;
  message: string;
  opened_at: string | Date;
  opened_by: string;
  status: DisputeStatus;
  resolution: string | null;
}

const SELECT = `SELECT dispute_id, position, partner_id, conversion_id, line_id, message, opened_at, opened_by, status, resolution FROM risk_disputes`;

function disputeView(row: Row): DisputeView {
  return {
    disputeId: row.dispute_id,
    partnerId: row.partner_id,
    conversionId: row.conversion_id,
    lineId: row.line_id,
    message: row.message,
    status: row.status,
    openedAt: new Date(row.opened_at).toISOString(),
    openedBy: JSON.parse(row.opened_by) as Actor,
    resolution: row.resolution === null ? null : (JSON.parse(row.resolution) as DisputeView['resolution']),
  };
}

/** Disputes, newest first, by status and partner; keyset paged on the dispute's place in the store. */
export class ListDisputesQuery extends Query<Page<DisputeView>> {
  constructor(
    readonly filter: { status?: DisputeStatus; partnerId?: string },
    readonly page: PageRequest,
  ) {
    super();
  }
}

@QueryHandler(ListDisputesQuery)
export class ListDisputesHandler implements IQueryHandler<ListDisputesQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ filter, page }: ListDisputesQuery): Promise<Page<DisputeView>> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (filter.status !== undefined) where.push(`status = ${param(filter.status)}`);
    if (filter.partnerId !== undefined) where.push(`partner_id = ${param(filter.partnerId)}`);
    const after = positionAfter(page);
    if (after !== null) where.push(`position < ${param(after)}`);
    const rows = await this.db.query<Row>(
      `${SELECT} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY position DESC LIMIT ${param(page.limit + 1)}`,
      params,
    );
    return pageOf(rows, page, (row) => [String(row.position)], disputeView);
  }
}

/** One dispute, or null. */
export class GetDisputeQuery extends Query<DisputeView | null> {
  constructor(readonly disputeId: string) {
    super();
  }
}

@QueryHandler(GetDisputeQuery)
export class GetDisputeHandler implements IQueryHandler<GetDisputeQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ disputeId }: GetDisputeQuery): Promise<DisputeView | null> {
    const [row] = await this.db.query<Row>(`${SELECT} WHERE dispute_id = $1`, [disputeId]);
    return row ? disputeView(row) : null;
  }
}
