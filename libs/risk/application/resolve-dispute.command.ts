import {
  DISPUTE_RESOLVED,
  LEDGER_SOURCE,
  streams,
  type Actor,
  type DisputeOpenedData,
  type DisputeOutcome,
  type DisputeResolvedData,
} from '@ledger/contracts';
import type { MoneyJson } from '@ledger/kernel';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appendExpecting, EVENT_STORE, type EventStore } from '@ledger/platform/event-store';
import type { DisputeView } from '@ledger/risk/read-model';
import { RiskConflictError, RiskNotFoundError, RiskRequestError } from './risk-command-errors';

export class ResolveDisputeCommand extends Command<DisputeView> {
  constructor(
    readonly disputeId: string,
    readonly outcome: DisputeOutcome,
    readonly reason: string,
    readonly adjustment: MoneyJson | undefined,
    readonly actor: Actor,
    readonly time: string = new Date().toISOString(),
  ) {
    super();
  }
}

/**
 * Closes a dispute with `dispute.resolved` on its stream, expecting the opening alone there: one
 * resolution per dispute. An upheld dispute's adjustment is booked by the ledger from this fact,
 * naming the dispute.
 */
@CommandHandler(ResolveDisputeCommand)
export class ResolveDisputeHandler implements ICommandHandler<ResolveDisputeCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ disputeId, outcome, reason, adjustment, actor, time }: ResolveDisputeCommand): Promise<DisputeView> {
    if (adjustment !== undefined && outcome !== 'upheld')
      throw new RiskRequestError([{ path: 'adjustment', message: 'only an upheld dispute books an adjustment' }]);
    const stream = await this.store.readStream(streams.dispute(disputeId));
    const opened = stream.find((recorded) => recorded.event.type === 'dispute.opened');
    if (!opened) throw new RiskNotFoundError(`no dispute ${disputeId}`);
    const resolved = stream.find((recorded) => recorded.event.type === DISPUTE_RESOLVED);
    if (resolved)
      throw new RiskConflictError(`dispute ${disputeId} was already resolved: ${(resolved.event.data as DisputeResolvedData).outcome}`);
    const dispute = opened.event.data as DisputeOpenedData;
    const { partnerId } = dispute;
    const data: DisputeResolvedData = { disputeId, partnerId, outcome, reason, ...(adjustment ? { adjustment } : {}), resolvedBy: actor };
    const event = {
      specversion: '1.0' as const,
      id: `${DISPUTE_RESOLVED}:${disputeId}`,
      source: LEDGER_SOURCE,
      type: DISPUTE_RESOLVED,
      time,
      subject: partnerId,
      data,
    };
    await appendExpecting(
      this.store,
      streams.dispute(disputeId),
      stream,
      event,
      () => new RiskConflictError(`dispute ${disputeId} was resolved meanwhile`),
    );
    return {
      disputeId,
      partnerId,
      conversionId: dispute.conversionId ?? null,
      lineId: dispute.lineId ?? null,
      message: dispute.message,
      status: outcome,
      openedAt: opened.event.time,
      openedBy: dispute.openedBy,
      resolution: { outcome, reason, adjustment: adjustment ?? null, resolvedBy: actor, resolvedAt: time },
    };
  }
}
