import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { BALANCE_ACCOUNTS, balancesFromBuckets, type BalanceBucket, type PartnerBalance } from '@ledger/ledger/domain';
import type { SqlDatabase, SqlExecutor } from '@ledger/platform/sql';

export interface PartnerBalanceView {
  partnerId: string;
  asOf: string;
  knownAt: string;
  balances: PartnerBalance[];
}

/** A partner's balances per currency at business time `asOf`, as the ledger knew them at `knownAt`. */
export class GetPartnerBalanceQuery extends Query<PartnerBalanceView | undefined> {
  constructor(
    readonly partnerId: string,
    readonly asOf: string,
    readonly knownAt: string,
  ) {
    super();
  }
}

/** Undefined when the ledger has never heard of the partner. */
export async function partnerIsKnown(db: SqlExecutor, partnerId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM ledger_partners WHERE partner_id = $1', [partnerId]);
  return rows.length > 0;
}

/**
 * The balance rule's buckets (countsInBalance, maturedAt in @ledger/ledger/domain), summed by the
 * database; a differential property test holds it to the pure rule on random ledgers.
 */
export async function partnerBalanceBuckets(db: SqlExecutor, partnerId: string, asOf: string, knownAt: string): Promise<BalanceBucket[]> {
  return db.query<BalanceBucket>(
    `SELECT currency, kind, account, payable_at <= $2 AS matured, SUM(debit)::text AS debit, SUM(credit)::text AS credit
       FROM ledger_lines
      WHERE partner_id = $1 AND account = ANY($4::text[]) AND occurred_at <= $2 AND recorded_at <= $3
      GROUP BY currency, kind, account, matured`,
    [partnerId, asOf, knownAt, BALANCE_ACCOUNTS],
  );
}

@QueryHandler(GetPartnerBalanceQuery)
export class GetPartnerBalanceHandler implements IQueryHandler<GetPartnerBalanceQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ partnerId, asOf, knownAt }: GetPartnerBalanceQuery): Promise<PartnerBalanceView | undefined> {
    if (!(await partnerIsKnown(this.db, partnerId))) return undefined;
    return { partnerId, asOf, knownAt, balances: balancesFromBuckets(await partnerBalanceBuckets(this.db, partnerId, asOf, knownAt)) };
  }
}
