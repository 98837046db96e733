import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Dec, formatAmount } from '@ledger/kernel';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { pageOf, positionAfter, type Page, type PageRequest } from '@ledger/platform/http';
import type { SqlDatabase } from '@ledger/platform/sql';

export interface AdjustmentListItem {
  adjustmentId: string;
  partnerId: string;
  /** Signed: negative took money from the partner. */
  amount: { amount: string; currency: string };
  reason: string;
  /** The acting key (null for adjustments recorded before it was kept in this table; the statement line names it). */
  actor: { keyId: string; role: string } | null;
  /** Business time (when finance recorded it) and when the ledger learned it. */
  time: string;
  recordedAt: string;
}

/** Manual adjustments, newest first (by their place in the store), optionally of one partner; keyset paged. */
export class ListAdjustmentsQuery extends Query<Page<AdjustmentListItem>> {
  constructor(
    readonly partnerId: string | undefined,
    readonly page: PageRequest,
  ) {
    super();
  }
}

interface Row {
  adjustment_id: string;
  position: string | number;
  partner_id: string;
  currency: string;
  amount: string;
  reason: string;
  actor: string | { keyId: string; role: string } | null;
  occurred_at: string | Date;
  recorded_at: string | Date;
}

@QueryHandler(ListAdjustmentsQuery)
export class ListAdjustmentsHandler implements IQueryHandler<ListAdjustmentsQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ partnerId, page }: ListAdjustmentsQuery): Promise<Page<AdjustmentListItem>> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (partnerId !== undefined) where.push(`partner_id = ${param(partnerId)}`);
    const after = positionAfter(page);
    if (after !== null) where.push(`position < ${param(after)}`);
    const rows = await this.db.query<Row>(
      `SELECT adjustment_id, position, partner_id, currency, amount::text AS amount, reason, actor, occurred_at, recorded_at
         FROM ledger_adjustments ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY position DESC LIMIT ${param(page.limit + 1)}`,
      params,
    );
    return pageOf(
      rows,
      page,
      (row) => [String(row.position)],
      (row) => ({
        adjustmentId: row.adjustment_id,
        partnerId: row.partner_id,
        amount: { amount: formatAmount(new Dec(row.amount), row.currency), currency: row.currency },
        reason: row.reason,
        actor:
          row.actor === null
            ? null
            : typeof row.actor === 'string'
              ? (JSON.parse(row.actor) as { keyId: string; role: string })
              : row.actor,
        time: new Date(row.occurred_at).toISOString(),
        recordedAt: new Date(row.recorded_at).toISOString(),
      }),
    );
  }
}
