import { DISPUTE_OPENED, LEDGER_SOURCE, streams, type Actor, type DisputeOpenedData } from '@ledger/contracts';
import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, READ_MODEL_DB, type EventStore } from '@ledger/platform/event-store';
import type { SqlDatabase } from '@ledger/platform/sql';
import type { FieldError } from '@ledger/kernel';
import { RiskRequestError } from './risk-command-errors';

export interface DisputeOpenedResult extends DisputeOpenedData {
  status: 'open';
  openedAt: string;
}

export class OpenDisputeCommand extends Command<DisputeOpenedResult> {
  constructor(
    readonly partnerId: string,
    readonly subject: { conversionId?: string; lineId?: string },
    readonly message: string,
    readonly actor: Actor,
    readonly time: string = new Date().toISOString(),
  ) {
    super();
  }
}

/**
 * Records a partner's dispute as `dispute.opened`. What it names must be the partner's own: the
 * conversion one that credits (or credited) the partner, the line one of the partner's statement
 * lines — both as the ledger shows them, since that is what the partner disputes from.
 */
@CommandHandler(OpenDisputeCommand)
export class OpenDisputeHandler implements ICommandHandler<OpenDisputeCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: SqlDatabase,
  ) {}

  async execute({ partnerId, subject, message, actor, time }: OpenDisputeCommand): Promise<DisputeOpenedResult> {
    const problems: FieldError[] = [];
    const partner = await this.store.readStream(streams.partner(partnerId));
    if (!partner.some((recorded) => recorded.event.type === 'partner.enrolled'))
      problems.push({ path: 'partnerId', message: `partner "${partnerId}" was never enrolled` });
    if (subject.lineId !== undefined) {
      const [line] = await this.db.query('SELECT 1 FROM ledger_lines WHERE line_id = $1 AND partner_id = $2', [subject.lineId, partnerId]);
      if (!line) problems.push({ path: 'lineId', message: `is not a line of ${partnerId}'s statement` });
    }
    if (subject.conversionId !== undefined) {
      const [conversion] = await this.db.query('SELECT 1 FROM ledger_lines WHERE conversion_id = $1 AND partner_id = $2 LIMIT 1', [
        subject.conversionId,
        partnerId,
      ]);
      if (!conversion) problems.push({ path: 'conversionId', message: `is not a conversion on ${partnerId}'s statement` });
    }
    if (problems.length > 0) throw new RiskRequestError(problems);
    const disputeId = `D-${randomUUID()}`;
    const data: DisputeOpenedData = { disputeId, partnerId, ...subject, message, openedBy: actor };
    await this.store.append([
      {
        streamId: streams.dispute(disputeId),
        expectedRevision: 'no_stream',
        event: { specversion: '1.0', id: disputeId, source: LEDGER_SOURCE, type: DISPUTE_OPENED, time, subject: partnerId, data },
      },
    ]);
    return { ...data, status: 'open', openedAt: time };
  }
}
