import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { balancesFromBuckets, type PartnerBalance } from '@ledger/ledger/domain';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import type { SqlDatabase } from '@ledger/platform/sql';
import { partnerBalanceBuckets } from './get-partner-balance.query';
import { partnerListItem, type PartnerListItem } from './list-partners.query';

export interface PartnerProfileView extends PartnerListItem {
  /** Business time from which the current tier is in force. */
  tierSince: string | null;
  /** Balances per currency now (as GET /v1/partners/{id}/balance without asOf or knownAt). */
  balances: PartnerBalance[];
}

/** One partner's profile and its balances per currency at `now`; undefined when the ledger does not know it. */
export class GetPartnerProfileQuery extends Query<PartnerProfileView | undefined> {
  constructor(
    readonly partnerId: string,
    readonly now: string,
  ) {
    super();
  }
}

@QueryHandler(GetPartnerProfileQuery)
export class GetPartnerProfileHandler implements IQueryHandler<GetPartnerProfileQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ partnerId, now }: GetPartnerProfileQuery): Promise<PartnerProfileView | undefined> {
    const [row] = await this.db.query<Parameters<typeof partnerListItem>[0] & { since: string | Date | null }>(
      'SELECT partner_id, name, partner_type, status, tier, enrolled_at, since FROM ledger_partners WHERE partner_id = $1',
      [partnerId],
    );
    if (!row) return undefined;
    const balances = balancesFromBuckets(await partnerBalanceBuckets(this.db, partnerId, now, now));
    return { ...partnerListItem(row), tierSince: row.since === null ? null : new Date(row.since).toISOString(), balances };
  }
}
