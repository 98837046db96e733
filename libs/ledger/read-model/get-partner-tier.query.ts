import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DEFAULT_TIER_PROGRAM, progressToNextTier, type RequirementProgress, type TierProgram } from '@ledger/ledger/domain';
import { type Tier } from '@ledger/contracts';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import type { PartnerEntity } from '@ledger/ledger/domain';
import type { TierChange } from '@ledger/contracts';
import type { SqlDatabase } from '@ledger/platform/sql';

export interface PartnerTierView {
  partnerId: string;
  tier: Tier;
  /** Business time from which the current tier is in force (null if the partner was never enrolled). */
  since: string | null;
  programVersion: string;
  progress: {
    next: Tier | null;
    requirements: RequirementProgress[];
    sourcedConversions: number;
    certifications: string[];
    creditedRevenue: Record<string, string>;
  };
  history: TierChange[];
  /** Promotions once in force that a later fact (a policy change, an earlier-dated fact) withdrew or re-dated. */
  withdrawn: TierChange[];
}

export class GetPartnerTierQuery extends Query<PartnerTierView | undefined> {
  constructor(readonly partnerId: string) {
    super();
  }
}

@QueryHandler(GetPartnerTierQuery)
export class GetPartnerTierHandler implements IQueryHandler<GetPartnerTierQuery> {
  private readonly program: TierProgram = DEFAULT_TIER_PROGRAM;

  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ partnerId }: GetPartnerTierQuery): Promise<PartnerTierView | undefined> {
    const [row] = await this.db.query<{ value: string }>("SELECT value FROM ledger_state WHERE kind = 'partner' AND key = $1", [partnerId]);
    if (!row) return undefined;
    const partner = JSON.parse(row.value) as PartnerEntity;
    const current = [...partner.history].reverse().find((change) => change.to === partner.tier);
    return {
      partnerId,
      tier: partner.tier,
      since: current?.at ?? null,
      programVersion: this.program.version,
      progress: { ...progressToNextTier(this.program, partner.tier, partner.stats), ...partner.stats },
      history: partner.history,
      withdrawn: partner.withdrawn ?? [],
    };
  }
}
