import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { normalizeDomain } from '@ledger/attribution/domain';
import { dealById, type DealView } from '@ledger/attribution/read-model';
import { streamForEvent, validateCloudEvent } from '@ledger/contracts';
import { RequestError, type MoneyJson } from '@ledger/kernel';
import { EVENT_STORE, READ_MODEL_DB, type EventStore } from '@ledger/platform/event-store';
import { PROJECTION_CATCH_UP, type ProjectionCatchUp } from '@ledger/platform/projections';
import type { SqlDatabase } from '@ledger/platform/sql';

/** The source of registrations partners make themselves (SPEC §5). */
export const PARTNER_PORTAL_SOURCE = 'partner-portal';

export class InvalidDealRegistrationError extends RequestError {
  readonly kind = 'invalid' as const;
}

export class DealIdTakenError extends RequestError {
  readonly kind = 'conflict' as const;
}

/** A partner registers a deal itself: answered with the registration's status once attribution has judged it. */
export class RegisterDealCommand extends Command<DealView> {
  constructor(
    readonly partnerId: string,
    readonly dealId: string,
    readonly accountDomain: string,
    readonly estimatedValue: MoneyJson | undefined,
    /** Business time of the registration; the API uses the current time. */
    readonly time: string = new Date().toISOString(),
  ) {
    super();
  }
}

/**
 * Records `deal.registered` (source `partner-portal`, id the dealId) through the upstream validation
 * and the event store like any ingested event, waits until the projections have applied it, and
 * answers the registration as attribution judged it: `pending`, or `rejected` with the reason at once
 * (a conflicting, reserved or repeated registration). A dealId recorded before answers its status
 * when it is the same partner and domain, 409 otherwise.
 */
@CommandHandler(RegisterDealCommand)
export class RegisterDealHandler implements ICommandHandler<RegisterDealCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: SqlDatabase,
    @Inject(PROJECTION_CATCH_UP) private readonly projections: ProjectionCatchUp,
  ) {}

  async execute({ partnerId, dealId, accountDomain, estimatedValue, time }: RegisterDealCommand): Promise<DealView> {
    const data = { dealId, partnerId, accountDomain, ...(estimatedValue ? { estimatedValue } : {}) };
    const outcome = validateCloudEvent({
      specversion: '1.0',
      id: dealId,
      source: PARTNER_PORTAL_SOURCE,
      type: 'deal.registered',
      time,
      data,
    });
    if (!outcome.ok) {
      const errors = outcome.errors.map((error) => ({ ...error, path: error.path.replace(/^data\./, '') }));
      throw new InvalidDealRegistrationError(errors.map((error) => `${error.path}: ${error.message}`).join('; '), errors);
    }
    await this.projections.catchUp();
    const existing = await dealById(this.db, dealId, time);
    if (existing) {
      if (existing.partnerId === partnerId && existing.accountDomain === normalizeDomain(accountDomain)) return existing;
      throw new DealIdTakenError(`deal "${dealId}" is already registered (by partner ${existing.partnerId} for ${existing.accountDomain})`);
    }
    const [appended] = await this.store.append([
      { streamId: streamForEvent(outcome.event), expectedRevision: 'any', event: outcome.event },
    ]);
    if (appended.status === 'conflict')
      throw new DealIdTakenError(`deal "${dealId}" was registered from the partner portal with other content`);
    await this.projections.catchUp();
    const view = await dealById(this.db, dealId, time);
    if (!view) throw new DealIdTakenError(`deal "${dealId}" is not recorded yet; retry`);
    return view;
  }
}
