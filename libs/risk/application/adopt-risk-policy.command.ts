import {
  LEDGER_SOURCE,
  ledgerFactProblems,
  RISK_POLICY_ADOPTED,
  streams,
  type Actor,
  type RiskPolicy,
  type RiskPolicyAdoptedData,
} from '@ledger/contracts';
import { canonicalJson } from '@ledger/kernel';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appendExpecting, EVENT_STORE, type EventStore } from '@ledger/platform/event-store';
import { DEFAULT_RISK_POLICY } from '@ledger/risk/domain';
import { RiskConflictError, RiskRequestError } from './risk-command-errors';

export interface RiskPolicyAdoptionResult extends RiskPolicyAdoptedData {
  version: string;
  adoptedAt: string;
}

export class AdoptRiskPolicyCommand extends Command<RiskPolicyAdoptionResult> {
  constructor(
    readonly policy: RiskPolicy,
    readonly reason: string | null,
    readonly actor: Actor,
    readonly time: string = new Date().toISOString(),
  ) {
    super();
  }
}

/**
 * Records a risk policy adoption on the `risk-policies` stream, expecting the revision it read: it
 * governs every commission booked after it in global order (going forward; nothing booked is
 * screened again). A version already in use with other rules is refused, so a version names one
 * set of rules for good.
 */
@CommandHandler(AdoptRiskPolicyCommand)
export class AdoptRiskPolicyHandler implements ICommandHandler<AdoptRiskPolicyCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ policy, reason, actor, time }: AdoptRiskPolicyCommand): Promise<RiskPolicyAdoptionResult> {
    const adopted = await this.store.readStream(streams.riskPolicies);
    const earlier = [DEFAULT_RISK_POLICY, ...adopted.map((recorded) => (recorded.event.data as RiskPolicyAdoptedData).policy)];
    if (earlier.some((other) => other.version === policy.version && canonicalJson(other) !== canonicalJson(policy)))
      throw new RiskRequestError([
        { path: 'policy.version', message: `${policy.version} already names other rules; choose a new version` },
      ]);
    const adoptionId = `risk-policy-adoption-${adopted.length + 1}`;
    const data: RiskPolicyAdoptedData = { adoptionId, policy, reason, adoptedBy: actor };
    const event = {
      specversion: '1.0' as const,
      id: adoptionId,
      source: LEDGER_SOURCE,
      type: RISK_POLICY_ADOPTED,
      time,
      subject: adoptionId,
      data,
    };
    const problems = ledgerFactProblems(event);
    if (problems.length > 0)
      throw new RiskRequestError(problems.map((problem) => ({ ...problem, path: problem.path.replace(/^data\./, '') })));
    await appendExpecting(
      this.store,
      streams.riskPolicies,
      adopted,
      event,
      () => new RiskConflictError('another risk policy was adopted meanwhile; retry'),
    );
    return { ...data, version: policy.version, adoptedAt: time };
  }
}
