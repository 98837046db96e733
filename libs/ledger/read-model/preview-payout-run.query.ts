import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Dec, formatAmount } from '@ledger/kernel';
import { selectPayouts, type SelectedPayout } from '@ledger/ledger/domain';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { PROJECTION_CATCH_UP, type ProjectionCatchUp } from '@ledger/platform/projections';
import type { SqlDatabase } from '@ledger/platform/sql';
import { payoutAvailability } from './payout-availability';

export interface PayoutRunPreview {
  asOf: string;
  /** What a run with the same body would pay now (the same rule: selectPayouts). */
  eligible: SelectedPayout[];
  /** Positive amounts a listed currency's minimum keeps from being paid. */
  belowMinimum: Array<SelectedPayout & { minimum: string }>;
}

/** What POST /v1/payout-runs would pay with the same body, on a ledger caught up with the store; records nothing. */
export class PreviewPayoutRunQuery extends Query<PayoutRunPreview> {
  constructor(
    readonly asOf: string,
    readonly minimum: Record<string, string>,
  ) {
    super();
  }
}

@QueryHandler(PreviewPayoutRunQuery)
export class PreviewPayoutRunHandler implements IQueryHandler<PreviewPayoutRunQuery> {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: SqlDatabase,
    @Inject(PROJECTION_CATCH_UP) private readonly projections: ProjectionCatchUp,
  ) {}

  async execute({ asOf, minimum }: PreviewPayoutRunQuery): Promise<PayoutRunPreview> {
    await this.projections.catchUp();
    const available = await payoutAvailability(this.db, asOf, Object.keys(minimum));
    const eligible = selectPayouts(available, minimum);
    const paid = new Set(eligible.map((p) => `${p.partnerId}\u0000${p.currency}`));
    const belowMinimum = available
      .filter((row) => Object.hasOwn(minimum, row.currency) && new Dec(row.available).greaterThan(0))
      .filter((row) => !paid.has(`${row.partnerId}\u0000${row.currency}`))
      .map((row) => ({
        partnerId: row.partnerId,
        currency: row.currency,
        amount: formatAmount(new Dec(row.available), row.currency),
        minimum: minimum[row.currency],
      }))
      .sort((a, b) =>
        a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0,
      );
    return { asOf, eligible, belowMinimum };
  }
}
