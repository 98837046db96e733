import { ledgerFactProblems } from '@ledger/contracts';
import { LEDGER_SOURCE } from '@ledger/contracts';
import { RequestError, type FieldError } from '@ledger/kernel';
import type { AppendCandidate, AppendOutcome, EventStore, EventStoreHealth, SubscribeOptions, Subscription } from './event-store.port';

/** A fact the ledger was about to record does not meet its contract: nothing of the append was written. */
export class InvalidLedgerFactError extends RequestError {
  /** A request whose data cannot be recorded: nothing was written, the request is refused as sent. */
  readonly kind = 'unprocessable' as const;

  constructor(readonly facts: Array<{ type: string; id: string; errors: FieldError[] }>) {
    const first = facts[0];
    super(
      `refused to record ${facts.length} ledger fact(s) that break their contract, first ${first.type} ${first.id}: ` +
        first.errors.map((error) => `${error.path}: ${error.message}`).join('; '),
      first.errors,
    );
  }
}

/** Told of every append that went through the guard, with what the store answered (metrics count them). */
export type AppendListener = (candidates: readonly AppendCandidate[], outcomes: readonly AppendOutcome[]) => void;

/**
 * The store every process writes through: the ledger's own facts (source `partner-ledger`: decisions,
 * revisions, adoptions, payout runs, adjustments, tier changes...) are checked against their contract
 * before anything is appended, as upstream events are by ingestion. A refusal writes nothing.
 */
export class LedgerFactGuard implements EventStore {
  /** Only adapters that talk to a server report their connection; the guard reports theirs. */
  readonly health?: () => EventStoreHealth;
  private readonly appendListeners: AppendListener[] = [];

  constructor(private readonly store: EventStore) {
    if (store.health) this.health = () => (store.health as () => EventStoreHealth).call(store);
  }

  async append(candidates: readonly AppendCandidate[]): Promise<AppendOutcome[]> {
    const refused = candidates
      .filter((candidate) => candidate.event.source === LEDGER_SOURCE)
      .map((candidate) => ({
        type: String(candidate.event.type),
        id: String(candidate.event.id),
        errors: ledgerFactProblems(candidate.event),
      }))
      .filter((fact) => fact.errors.length > 0);
    if (refused.length > 0) throw new InvalidLedgerFactError(refused);
    const outcomes = await this.store.append(candidates);
    for (const listener of this.appendListeners) listener(candidates, outcomes);
    return outcomes;
  }

  /** Every writer goes through the guard, so this sees every append of the process. */
  onAppended(listener: AppendListener): void {
    this.appendListeners.push(listener);
  }

  readAll(after: number, limit: number) {
    return this.store.readAll(after, limit);
  }

  readStream(streamId: string) {
    return this.store.readStream(streamId);
  }

  headPosition(): Promise<number> {
    return this.store.headPosition();
  }

  subscribe(after: number, handler: Parameters<EventStore['subscribe']>[1], options?: SubscribeOptions): Subscription {
    return this.store.subscribe(after, handler, options);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
