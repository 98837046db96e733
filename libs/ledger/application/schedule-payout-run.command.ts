import { streams } from '@ledger/contracts';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore, READ_MODEL_DB, appendExpecting } from '@ledger/platform/event-store';
import { LEDGER_SOURCE } from '@ledger/contracts';
import { PAYOUT_RUN_SCHEDULED, type Actor, type PayoutRunScheduledData, type ScheduledPayout } from '@ledger/contracts';
import { normalizeTime } from '@ledger/kernel';
import { selectPayouts } from '@ledger/ledger/domain';
import { payoutAvailability } from '@ledger/ledger/read-model';
import type { SqlDatabase } from '@ledger/platform/sql';
import { PayoutRunConflictError } from './ledger-command-errors';
import { PROJECTION_CATCH_UP, type ProjectionCatchUp } from '@ledger/platform/projections';

export interface PayoutRunResult {
  runId: string;
  asOf: string;
  payouts: Array<{ payoutId: string; partnerId: string; currency: string; amount: string }>;
}

/** Pays every partner whose payable balance in a listed currency is at least that currency's minimum. */
export class SchedulePayoutRunCommand extends Command<PayoutRunResult> {
  constructor(
    readonly asOf: string,
    readonly minimum: Record<string, string>,
    readonly actor: Actor,
  ) {
    super();
  }
}

/**
 * Computes the run on a ledger that has caught up with the store, then records it as one
 * `payout.run_scheduled` event on the `payout-runs` stream, expecting the revision it saw first:
 * a concurrent run makes one of the two fail instead of paying the same balance twice.
 */
@CommandHandler(SchedulePayoutRunCommand)
export class SchedulePayoutRunHandler implements ICommandHandler<SchedulePayoutRunCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: SqlDatabase,
    @Inject(PROJECTION_CATCH_UP) private readonly projections: ProjectionCatchUp,
  ) {}

  async execute({ asOf, minimum, actor }: SchedulePayoutRunCommand): Promise<PayoutRunResult> {
    const runs = await this.store.readStream(streams.payoutRuns);
    await this.projections.catchUp();
    const time = normalizeTime(asOf);
    // Runs are numbered by their place in the payout-runs stream: ids the payment provider can
    // quote back, and the same on every replay of the same history.
    const runId = `payout-run-${runs.length + 1}`;
    // Payable by asOf, less every payout already made (whatever its date), plus reversed ones.
    const available = await payoutAvailability(this.db, time, Object.keys(minimum));
    const payouts: ScheduledPayout[] = selectPayouts(available, minimum).map((p) => ({
      payoutId: `${runId}-${p.partnerId}-${p.currency}`,
      partnerId: p.partnerId,
      amount: { amount: p.amount, currency: p.currency },
    }));
    const data: PayoutRunScheduledData = { runId, asOf: time, minimum, requestedBy: actor, payouts };
    const event = { specversion: '1.0' as const, id: runId, source: LEDGER_SOURCE, type: PAYOUT_RUN_SCHEDULED, time, subject: runId, data };
    await appendExpecting(this.store, streams.payoutRuns, runs, event, () => new PayoutRunConflictError());
    return {
      runId,
      asOf: time,
      payouts: payouts.map((p) => ({ payoutId: p.payoutId, partnerId: p.partnerId, currency: p.amount.currency, amount: p.amount.amount })),
    };
  }
}
