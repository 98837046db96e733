import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { BALANCE_ACCOUNTS, balancesFromBuckets, type Account, type BalanceBucket, type TransactionKind } from '@ledger/ledger/domain';
import type { SqlDatabase, SqlExecutor } from '@ledger/platform/sql';

/** At most this many months in one answer. */
export const MAX_COMMISSION_MONTHS = 120;

/** The program-wide balances of one currency at one UTC month end: the sum over partners of their balances then. */
export interface CommissionMonth {
  month: string;
  asOf: string;
  currency: string;
  pending: string;
  payable: string;
  /** Held on risk flags (SPEC §9). */
  held: string;
  paid: string;
  earned: string;
  clawedBack: string;
}

export interface CommissionsByMonthView {
  months: CommissionMonth[];
}

/**
 * For each month from `from` to `to` (YYYY-MM, UTC; `from` null: the month of the first ledger line)
 * and each currency, the partners' balances summed at the month's end, as the ledger knew them at `knownAt`.
 */
export class GetCommissionsByMonthQuery extends Query<CommissionsByMonthView> {
  constructor(
    readonly from: string | null,
    readonly to: string,
    readonly knownAt: string,
  ) {
    super();
  }
}

interface MonthBucketRow {
  currency: string;
  kind: TransactionKind;
  account: Account;
  /** The month (YYYY-MM, UTC) from whose end on the lines count (the month they occurred in). */
  counted: string;
  /** The month from whose end on they are payable (the month of payable_at). */
  matures: string;
  debit: string;
  credit: string;
}

/** "YYYY-MM" → index of months since year 0, and back. */
const monthIndex = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (index: number): string =>
  `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

/** The last millisecond of the month, UTC. */
function monthEnd(month: string): string {
  const index = monthIndex(month) + 1;
  return new Date(Date.UTC(Math.floor(index / 12), index % 12, 1) - 1).toISOString();
}

/** The months from `from` to `to`, both included. */
function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let index = monthIndex(from); index <= monthIndex(to); index += 1) months.push(monthOf(index));
  return months;
}

/** The month of the first line on a partner's accounts, or undefined when there is none. */
async function firstLineMonth(db: SqlExecutor, knownAt: string): Promise<string | undefined> {
  const rows = await db.query<{ month: string | null }>(
    `SELECT to_char(MIN(occurred_at) AT TIME ZONE 'UTC', 'YYYY-MM') AS month
       FROM ledger_lines WHERE account = ANY($1::text[]) AND recorded_at <= $2`,
    [BALANCE_ACCOUNTS, knownAt],
  );
  return rows[0]?.month ?? undefined;
}

/**
 * The balance rule's buckets (countsInBalance, maturedAt in @ledger/ledger/domain) summed once by
 * the month a line counts from and the month it matures in: a line counts at a month end once its
 * month has come, and is payable there once its payable month has come. Lines after `to` never count.
 */
async function monthBuckets(db: SqlExecutor, to: string, knownAt: string): Promise<MonthBucketRow[]> {
  return db.query<MonthBucketRow>(
    `SELECT currency, kind, account,
            to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM') AS counted,
            to_char(payable_at AT TIME ZONE 'UTC', 'YYYY-MM') AS matures,
            SUM(debit)::text AS debit, SUM(credit)::text AS credit
       FROM ledger_lines
      WHERE account = ANY($1::text[]) AND occurred_at <= $2 AND recorded_at <= $3
      GROUP BY currency, kind, account, counted, matures`,
    [BALANCE_ACCOUNTS, monthEnd(to), knownAt],
  );
}

/** The months' totals from the month buckets, with the pure rule (balancesFromBuckets) per month. */
function commissionsByMonth(rows: readonly MonthBucketRow[], months: readonly string[]): CommissionMonth[] {
  const answer: CommissionMonth[] = [];
  for (const month of months) {
    const buckets: BalanceBucket[] = rows
      .filter((row) => row.counted <= month)
      .map((row) => ({
        currency: row.currency,
        kind: row.kind,
        account: row.account,
        matured: row.matures <= month,
        debit: row.debit,
        credit: row.credit,
      }));
    const asOf = monthEnd(month);
    for (const balance of balancesFromBuckets(buckets)) {
      const { currency, pending, payable, held, paid, earned, clawedBack } = balance;
      answer.push({ month, asOf, currency, pending, payable, held, paid, earned, clawedBack });
    }
  }
  return answer;
}

@QueryHandler(GetCommissionsByMonthQuery)
export class GetCommissionsByMonthHandler implements IQueryHandler<GetCommissionsByMonthQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ from, to, knownAt }: GetCommissionsByMonthQuery): Promise<CommissionsByMonthView> {
    let first = from ?? (await firstLineMonth(this.db, knownAt));
    if (first === undefined || first > to) return { months: [] };
    if (from === null && monthIndex(to) - monthIndex(first) >= MAX_COMMISSION_MONTHS) {
      first = monthOf(monthIndex(to) - MAX_COMMISSION_MONTHS + 1);
    }
    return { months: commissionsByMonth(await monthBuckets(this.db, to, knownAt), monthsBetween(first, to)) };
  }
}
