import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  DEFAULT_TIER_PROGRAM,
  progressToNextTier,
  type RequirementProgress,
  type TierProgram,
  type TierStats,
} from '@ledger/ledger/domain';
import { type Tier } from '@ledger/contracts';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
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

interface PartnerTierRow {
  tier: Tier;
  since: Date | string | null;
  // json columns: both drivers hand them over parsed.
  stats: TierStats;
  history: TierChange[];
  withdrawn: TierChange[];
}

@QueryHandler(GetPartnerTierQuery)
export class GetPartnerTierHandler implements IQueryHandler<GetPartnerTierQuery> {
  private readonly program: TierProgram = DEFAULT_TIER_PROGRAM;

  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ partnerId }: GetPartnerTierQuery): Promise<PartnerTierView | undefined> {
    const [row] = await this.db.query<PartnerTierRow>(
      'SELECT tier, since, stats, history, withdrawn FROM ledger_partners WHERE partner_id = $1',
      [partnerId],
    );
    if (!row) return undefined;
    return {
      partnerId,
      tier: row.tier,
      since: row.since === null ? null : new Date(row.since).toISOString(),
      programVersion: this.program.version,
      progress: { ...progressToNextTier(this.program, row.tier, row.stats), ...row.stats },
      history: row.history,
      withdrawn: row.withdrawn,
    };
  }
}
