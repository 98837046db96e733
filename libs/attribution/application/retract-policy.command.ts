import { RequestError } from '@ledger/kernel';
import { streams } from '@ledger/contracts';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {} from '@ledger/attribution/domain';
import { POLICY_ADOPTED, POLICY_RETRACTED, retractionIdOf, type PolicyAdoptedData, type PolicyRetractedData } from '@ledger/contracts';
import { EVENT_STORE, type EventStore, READ_MODEL_DB, appendExpecting } from '@ledger/platform/event-store';
import { LEDGER_SOURCE } from '@ledger/contracts';
import type { Actor } from '@ledger/contracts';
import type { SqlDatabase } from '@ledger/platform/sql';
import { PROJECTION_CATCH_UP, type ProjectionCatchUp } from '@ledger/platform/projections';
import { PolicyAdoptionConflictError } from './adopt-policy.command';
import { GetAttributionPoliciesHandler, type AdoptedPolicyView } from '@ledger/attribution/read-model';

/** No adoption has this id (HTTP 404). */
export class PolicyAdoptionNotFoundError extends RequestError {
  readonly kind = 'not_found' as const;

  constructor(adoptionId: string) {
    super(`there is no policy adoption ${adoptionId} (GET /v1/attribution/policies lists them)`);
  }
}

/** The adoption was already retracted (HTTP 409). */
export class PolicyAlreadyRetractedError extends RequestError {
  readonly kind = 'conflict' as const;

  constructor(adoptionId: string) {
    super(`policy adoption ${adoptionId} was already retracted`);
  }
}

export class RetractPolicyCommand extends Command<AdoptedPolicyView> {
  constructor(
    readonly adoptionId: string,
    readonly reason: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

const REVISION_WAIT_MILLIS = 120_000;

/**
 * Records the retraction as one `attribution.policy_retracted` on the adoptions stream (expecting the
 * revision it checked, like an adoption), then waits for the projections: the attribution projection
 * re-attributes from the adoption's effective date under the policies still in force and the ledger
 * books the compensating entries. An adoption whose date is still ahead simply never applies.
 */
@CommandHandler(RetractPolicyCommand)
export class RetractPolicyHandler implements ICommandHandler<RetractPolicyCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: SqlDatabase,
    @Inject(PROJECTION_CATCH_UP) private readonly projections: ProjectionCatchUp,
  ) {}

  async execute({ adoptionId, reason, actor }: RetractPolicyCommand): Promise<AdoptedPolicyView> {
    const changes = await this.store.readStream(streams.policyChanges);
    const adopted = changes.find(
      (event) => event.event.type === POLICY_ADOPTED && (event.event.data as PolicyAdoptedData).adoptionId === adoptionId,
    );
    if (!adopted) throw new PolicyAdoptionNotFoundError(adoptionId);
    if (
      changes.some((event) => event.event.type === POLICY_RETRACTED && (event.event.data as PolicyRetractedData).adoptionId === adoptionId)
    ) {
      throw new PolicyAlreadyRetractedError(adoptionId);
    }
    const retractionId = retractionIdOf(adoptionId);
    const data: PolicyRetractedData = { adoptionId, retractionId, retractedBy: actor, reason };
    const time = new Date().toISOString();
    await appendExpecting(
      this.store,
      streams.policyChanges,
      changes,
      { specversion: '1.0', id: retractionId, source: LEDGER_SOURCE, type: POLICY_RETRACTED, time, subject: adoptionId, data },
      () => new PolicyAdoptionConflictError(),
    );
    try {
      await this.projections.catchUp(REVISION_WAIT_MILLIS);
    } catch {
      // Recorded and acknowledged: the projections finish on their own.
    }
    const views = await new GetAttributionPoliciesHandler(this.db).execute();
    return views.find((view) => view.adoptionId === adoptionId) as AdoptedPolicyView;
  }
}
