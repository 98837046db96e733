import { streams } from '@ledger/contracts';
import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@ledger/platform/event-store';
import { LEDGER_SOURCE } from '@ledger/contracts';
import { ADJUSTMENT_RECORDED, type Actor, type AdjustmentRecordedData } from '@ledger/contracts';
import type { MoneyJson } from '@ledger/kernel';
import { LedgerRequestError } from './ledger-command-errors';

export interface AdjustmentResult extends AdjustmentRecordedData {
  /** Business time of the adjustment: when finance recorded it. */
  time: string;
  position: number;
}

export class RecordAdjustmentCommand extends Command<AdjustmentResult> {
  constructor(
    readonly partnerId: string,
    readonly amount: MoneyJson,
    readonly reason: string,
    readonly actor: Actor,
    /** Injected for tests and replays of scripts; the API uses the current time. */
    readonly time: string = new Date().toISOString(),
  ) {
    super();
  }
}

/** Records a manual adjustment as an `adjustment.recorded` event; the ledger books it from there. */
@CommandHandler(RecordAdjustmentCommand)
export class RecordAdjustmentHandler implements ICommandHandler<RecordAdjustmentCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ partnerId, amount, reason, actor, time }: RecordAdjustmentCommand): Promise<AdjustmentResult> {
    // The store, not a read model, decides whether the partner exists: no lag, no race with enrollment.
    const partnerEvents = await this.store.readStream(`partner-${partnerId}`);
    if (!partnerEvents.some((recorded) => recorded.event.type === 'partner.enrolled')) {
      throw new LedgerRequestError([{ path: 'partnerId', message: `partner "${partnerId}" was never enrolled` }]);
    }
    const adjustmentId = `adj_${randomUUID()}`;
    const data: AdjustmentRecordedData = { adjustmentId, partnerId, amount, reason, actor };
    const [outcome] = await this.store.append([
      {
        streamId: streams.adjustment(adjustmentId),
        expectedRevision: 'no_stream',
        event: { specversion: '1.0', id: adjustmentId, source: LEDGER_SOURCE, type: ADJUSTMENT_RECORDED, time, subject: partnerId, data },
      },
    ]);
    return { ...data, time, position: outcome.position };
  }
}
