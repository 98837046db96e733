import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { Dec, formatAmount } from '@ledger/kernel';
import type { SqlDatabase } from '@ledger/platform/sql';
import { partnerIsKnown } from './get-partner-balance.query';
import { LINE_COLUMN_LIST, rowToLine, type LedgerLineRow } from './ledger-line-rows';
import { statementLine, type StatementLine } from './statement-columns';

export type { StatementLine } from './statement-columns';

export interface StatementView {
  partnerId: string;
  from: string | null;
  to: string;
  knownAt: string;
  /** Per currency: the balance before `from` and after the last line. */
  currencies: Array<{ currency: string; opening: string; closing: string }>;
  lines: StatementLine[];
}

/** The partner's commission account between two business times, with running balances and causes. */
export class GetPartnerStatementQuery extends Query<StatementView | undefined> {
  constructor(
    readonly partnerId: string,
    readonly from: string | null,
    readonly to: string,
    readonly knownAt: string,
  ) {
    super();
  }
}

@QueryHandler(GetPartnerStatementQuery)
export class GetPartnerStatementHandler implements IQueryHandler<GetPartnerStatementQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ partnerId, from, to, knownAt }: GetPartnerStatementQuery): Promise<StatementView | undefined> {
    if (!(await partnerIsKnown(this.db, partnerId))) return undefined;
    const opening = from
      ? await this.db.query<{ currency: string; balance: string }>(
          `SELECT currency, SUM(credit - debit)::text AS balance FROM ledger_lines
            WHERE partner_id = $1 AND account = 'partner_commission' AND occurred_at < $2 AND recorded_at <= $3 GROUP BY currency`,
          [partnerId, from, knownAt],
        )
      : [];
    const rows = await this.db.query<LedgerLineRow>(
      `SELECT ${LINE_COLUMN_LIST} FROM ledger_lines
        WHERE partner_id = $1 AND account = 'partner_commission' AND occurred_at >= $2 AND occurred_at <= $3 AND recorded_at <= $4
        ORDER BY occurred_at, cause_position, seq`,
      [partnerId, from ?? '-infinity', to, knownAt],
    );
    const running = new Map<string, Dec>(opening.map((row) => [row.currency, new Dec(row.balance)]));
    const openingByCurrency = new Map(running);
    const lines = rows.map((row): StatementLine => {
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
    return { partnerId, from, to, knownAt, currencies, lines };
  }
}
