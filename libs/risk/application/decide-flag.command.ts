import {
  LEDGER_SOURCE,
  RISK_FLAG_DECIDED,
  streams,
  type Actor,
  type FlagDecision,
  type RiskFlaggedData,
  type RiskFlagDecidedData,
} from '@ledger/contracts';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appendExpecting, EVENT_STORE, type EventStore } from '@ledger/platform/event-store';
import { RiskConflictError, RiskNotFoundError } from './risk-command-errors';

export interface FlagDecisionResult {
  flagId: string;
  conversionId: string;
  partnerId: string;
  status: 'released' | 'rejected';
  decision: { decision: FlagDecision; reason: string; actor: Actor; decidedAt: string };
}

export class DecideFlagCommand extends Command<FlagDecisionResult> {
  constructor(
    readonly flagId: string,
    readonly decision: FlagDecision,
    readonly reason: string,
    readonly actor: Actor,
    readonly time: string = new Date().toISOString(),
  ) {
    super();
  }
}

/**
 * Records finance's release or rejection of a flag as `risk.flag_decided` on the flag's stream,
 * expecting the flag alone there: of two concurrent decisions one is recorded and the other is 409.
 * The store, not a read model, says whether the flag exists, so a decision never waits for a projection.
 */
@CommandHandler(DecideFlagCommand)
export class DecideFlagHandler implements ICommandHandler<DecideFlagCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ flagId, decision, reason, actor, time }: DecideFlagCommand): Promise<FlagDecisionResult> {
    const stream = await this.store.readStream(streams.riskFlag(flagId));
    const flagged = stream.find((recorded) => recorded.event.type === 'risk.flagged');
    if (!flagged) throw new RiskNotFoundError(`no risk flag ${flagId}`);
    const decided = stream.find((recorded) => recorded.event.type === RISK_FLAG_DECIDED);
    if (decided) {
      const earlier = decided.event.data as RiskFlagDecidedData;
      throw new RiskConflictError(`flag ${flagId} was already decided: ${earlier.decision} (${earlier.reason})`);
    }
    const flag = flagged.event.data as RiskFlaggedData;
    const data: RiskFlagDecidedData = { flagId, conversionId: flag.conversionId, partnerId: flag.partnerId, decision, reason, actor };
    const event = {
      specversion: '1.0' as const,
      id: `${RISK_FLAG_DECIDED}:${flagId}`,
      source: LEDGER_SOURCE,
      type: RISK_FLAG_DECIDED,
      time,
      subject: flag.partnerId,
      data,
    };
    await appendExpecting(
      this.store,
      streams.riskFlag(flagId),
      stream,
      event,
      () => new RiskConflictError(`flag ${flagId} was decided meanwhile`),
    );
    return {
      flagId,
      conversionId: flag.conversionId,
      partnerId: flag.partnerId,
      status: decision === 'release' ? 'released' : 'rejected',
      decision: { decision, reason, actor, decidedAt: time },
    };
  }
}
