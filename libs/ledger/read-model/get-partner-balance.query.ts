import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { balancesFromBuckets, type Account, type PartnerBalance, type TransactionKind } from '@ledger/ledger/domain';
import type { SqlDatabase } from '@ledger/platform/sql';

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
export async function partnerIsKnown(db: SqlDatabase, partnerId: string): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM ledger_state WHERE kind = 'partner' AND key = $1", [partnerId]);
  return rows.length > 0;
}

@QueryHandler(GetPartnerBalanceQuery)
export class GetPartnerBalanceHandler implements IQueryHandler<GetPartnerBalanceQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ partnerId, asOf, knownAt }: GetPartnerBalanceQuery): Promise<PartnerBalanceView | undefined> {
    if (!(await partnerIsKnown(this.db, partnerId))) return undefined;
    // The same rule as bucketLines in @ledger/ledger, summed by the database.
    const buckets = await this.db.query<{ currency: string; kind: TransactionKind; account: Account; matured: boolean; debit: string; credit: string }>(
      `SELECT currency, kind, account, payable_at <= $2 AS matured, SUM(debit)::text AS debit, SUM(credit)::text AS credit
         FROM ledger_lines
        WHERE partner_id = $1 AND account IN ('partner_commission', 'partner_payouts_in_transit')
          AND occurred_at <= $2 AND recorded_at <= $3
        GROUP BY currency, kind, account, matured`,
      [partnerId, asOf, knownAt],
    );
    return { partnerId, asOf, knownAt, balances: balancesFromBuckets(buckets) };
  }
}
