import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { Dec, formatAmount } from '@ledger/kernel';
import type { Account } from '@ledger/ledger/domain';
import type { SqlDatabase } from '@ledger/platform/sql';
import { partnerIsKnown } from './get-partner-balance.query';
import { LINE_COLUMN_LIST, rowToLine, type LedgerLineRow } from './ledger-line-rows';
import { statementLine, type StatementLine } from './statement-columns';
import { encodeStatementCursor, type StatementPage } from './statement-cursor';

export type { StatementLine } from './statement-columns';

/**
 * The partner's commission accounts a statement shows: what it is owed (pending and payable) and what
 * is held on risk flags (SPEC §9), so a hold, its release or its rejection appears with its reason. The
 * running balance is their sum, pending + payable + held: a hold or a release moves nothing between
 * them in total (its two lines cancel out), a rejection lowers it.
 */
export const STATEMENT_ACCOUNTS: readonly Account[] = ['partner_commission', 'partner_commission_held'];

export interface StatementView {
  partnerId: string;
  from: string | null;
  to: string;
  knownAt: string;
  /** Per currency: the balance before `from` and after the last line. */
  currencies: Array<{ currency: string; opening: string; closing: string }>;
  lines: StatementLine[];
  /** Only on a paged statement (limit or cursor given): where the next page starts, null on the last. */
  nextCursor?: string | null;
}

/** The partner's commission accounts between two business times, with running balances and causes. */
export class GetPartnerStatementQuery extends Query<StatementView | undefined> {
  constructor(
    readonly partnerId: string,
    readonly from: string | null,
    readonly to: string,
    readonly knownAt: string,
    /** Given: one page (opening is the balance before the page, closing after its last line). */
    readonly page?: StatementPage,
  ) {
    super();
  }
}

@QueryHandler(GetPartnerStatementQuery)
export class GetPartnerStatementHandler implements IQueryHandler<GetPartnerStatementQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ partnerId, from, to: asked, knownAt: askedKnownAt, page }: GetPartnerStatementQuery): Promise<StatementView | undefined> {
    if (!(await partnerIsKnown(this.db, partnerId))) return undefined;
    const after = page?.after ?? null;
    // A later page keeps the first page's `to` and `knownAt` (the cursor pins them).
    const to = after?.to ?? asked;
    const knownAt = after?.knownAt ?? askedKnownAt;
    const opening = after
      ? Object.entries(after.balances).map(([currency, balance]) => ({ currency, balance }))
      : from
        ? await this.db.query<{ currency: string; balance: string }>(
            `SELECT currency, SUM(credit - debit)::text AS balance FROM ledger_lines
              WHERE partner_id = $1 AND account = ANY($4::text[]) AND occurred_at < $2 AND recorded_at <= $3 GROUP BY currency`,
            [partnerId, from, knownAt, STATEMENT_ACCOUNTS],
          )
        : [];
    const params: unknown[] = [partnerId, from ?? '-infinity', to, knownAt];
    let keyset = '';
    if (after) {
      keyset = 'AND (occurred_at, cause_position, seq) > ($5::timestamptz, $6::bigint, $7::integer)';
      params.push(after.occurredAt, after.causePosition, after.seq);
    }
    // One ordered, limited scan per account (each follows the statement index), merged: a page costs the same at any depth.
    const order = `ORDER BY occurred_at, cause_position, seq${page ? ` LIMIT ${page.limit + 1}` : ''}`;
    const scans = STATEMENT_ACCOUNTS.map(
      (account) =>
        `(SELECT ${LINE_COLUMN_LIST} FROM ledger_lines
           WHERE partner_id = $1 AND account = '${account}' AND occurred_at >= $2 AND occurred_at <= $3 AND recorded_at <= $4 ${keyset}
           ${order})`,
    );
    const rows = await this.db.query<LedgerLineRow>(`SELECT * FROM (${scans.join(' UNION ALL ')}) AS lines ${order}`, params);
    const more = page !== undefined && rows.length > page.limit;
    const kept = more ? rows.slice(0, (page as StatementPage).limit) : rows;
    const running = new Map<string, Dec>(opening.map((row) => [row.currency, new Dec(row.balance)]));
    const openingByCurrency = new Map(running);
    const lines = kept.map((row): StatementLine => {
      const line = rowToLine(row);
      const amount = new Dec(line.credit).minus(line.debit);
      const balance = (running.get(line.currency) ?? new Dec(0)).plus(amount);
      running.set(line.currency, balance);
      return statementLine(line, { amount: formatAmount(amount, line.currency), runningBalance: formatAmount(balance, line.currency) });
    });
    const currencies = [...running.keys()].sort().map((currency) => ({
      currency,
      opening: formatAmount(openingByCurrency.get(currency) ?? new Dec(0), currency),
      closing: formatAmount(running.get(currency) as Dec, currency),
    }));
    const view: StatementView = { partnerId, from, to, knownAt, currencies, lines };
    if (!page) return view;
    const last = more ? rowToLine(kept[kept.length - 1]) : null;
    view.nextCursor = last
      ? encodeStatementCursor({
          occurredAt: last.occurredAt,
          causePosition: String(last.cause.position),
          seq: String(last.seq),
          balances: Object.fromEntries([...running].map(([currency, balance]) => [currency, balance.toFixed()])),
          to,
          knownAt,
        })
      : null;
    return view;
  }
}
