import { RequestError } from '@ledger/kernel';
import { streams } from '@ledger/contracts';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DEFAULT_POLICY, type AdoptionRequest } from '@ledger/attribution/domain';
import { POLICY_ADOPTED, type PolicyAdoptedData } from '@ledger/contracts';
import { EVENT_STORE, type EventStore, READ_MODEL_DB, appendExpecting } from '@ledger/platform/event-store';
import { LEDGER_SOURCE } from '@ledger/contracts';
import type { Actor } from '@ledger/contracts';
import type { SqlDatabase } from '@ledger/platform/sql';
import { PROJECTION_CATCH_UP, type ProjectionCatchUp } from '@ledger/platform/projections';
import { GetAttributionPoliciesHandler, type AdoptedPolicyView } from '@ledger/attribution/read-model';

/** The version is already in use: a version names one document for good (HTTP 409). */
export class PolicyVersionTakenError extends RequestError {
  readonly kind = 'conflict' as const;

  constructor(version: string) {
    super(`policy version "${version}" is already in use; give the new document a version of its own`);
  }
}

/** Another adoption was recorded while this one was being checked (HTTP 409); retrying is safe. */
export class PolicyAdoptionConflictError extends RequestError {
  readonly kind = 'conflict' as const;

  constructor() {
    super('another policy adoption was recorded at the same time; nothing was recorded, retry the request');
  }
}

export class AdoptPolicyCommand extends Command<AdoptedPolicyView> {
  constructor(
    readonly request: AdoptionRequest,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** How long the request waits for the re-attribution before answering with what is recorded so far. */
const REVISION_WAIT_MILLIS = 120_000;

/**
 * Records the adoption as one `attribution.policy_adopted` event on the adoptions stream, expecting the
 * revision it checked the versions against, then waits for the projections: the attribution projection
 * re-attributes the conversions from the effective date and the ledger books the compensating entries.
 */
@CommandHandler(AdoptPolicyCommand)
export class AdoptPolicyHandler implements ICommandHandler<AdoptPolicyCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: SqlDatabase,
    @Inject(PROJECTION_CATCH_UP) private readonly projections: ProjectionCatchUp,
  ) {}

  async execute({ request, actor }: AdoptPolicyCommand): Promise<AdoptedPolicyView> {
    const changes = await this.store.readStream(streams.policyChanges);
    const adopted = changes.filter((event) => event.event.type === POLICY_ADOPTED);
    // A version names one document for good, even once its adoption was retracted.
    const versions = new Set([DEFAULT_POLICY.version, ...adopted.map((event) => (event.event.data as PolicyAdoptedData).policy.version)]);
    if (versions.has(request.policy.version)) throw new PolicyVersionTakenError(request.policy.version);
    const adoptionId = `policy-adoption-${adopted.length + 1}`;
    const time = new Date().toISOString();
    const data: PolicyAdoptedData = {
      adoptionId,
      policy: request.policy,
      effectiveFrom: request.effectiveFrom,
      adoptedBy: actor,
      reason: request.reason,
    };
    const event = {
      specversion: '1.0' as const,
      id: adoptionId,
      source: LEDGER_SOURCE,
      type: POLICY_ADOPTED,
      time,
      subject: adoptionId,
      data,
    };
    await appendExpecting(this.store, streams.policyChanges, changes, event, () => new PolicyAdoptionConflictError());
    try {
      await this.projections.catchUp(REVISION_WAIT_MILLIS);
    } catch {
      // Recorded and acknowledged: the projections finish the re-attribution on their own.
    }
    const views = await new GetAttributionPoliciesHandler(this.db).execute();
    return views.find((view) => view.adoptionId === adoptionId) ?? pendingView(data, time);
  }
}

function pendingView(data: PolicyAdoptedData, adoptedAt: string): AdoptedPolicyView {
  return {
    adoptionId: data.adoptionId,
    version: data.policy.version,
    effectiveFrom: data.effectiveFrom,
    adoptedAt,
    adoptedBy: `${data.adoptedBy.role} key ${data.adoptedBy.keyId}`,
    reason: data.reason,
    status: 'recorded',
    revisedConversions: null,
    policy: data.policy,
    retraction: null,
  };
}
