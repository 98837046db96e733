import type { RecordedEvent } from '@ledger/contracts';
import type {
  AppendCandidate,
  AppendOutcome,
  EventStore,
  EventStoreHealth,
  SubscribeOptions,
  Subscription,
} from '@ledger/platform/event-store';

/** How many recent events the feed keeps for the projections that follow the leader. */
const DEFAULT_CAPACITY = 20_000;
/** Events per batch a projection gets: large enough that a catch-up commits rarely. */
const DEFAULT_BATCH = 2_000;
const IDLE_POLL_MILLIS = 1_000;

/**
 * The store as the projections of one process see it: every event is read from the database and
 * decoded once, and kept in a bounded window that every projection's subscription reads from. The
 * projections run at different speeds (the ledger follows the attribution reactor's decisions), so
 * the followers find the events the leader just read. One live subscription to the store brings new
 * events into the window and wakes the projections; anything older than the window is read from
 * the store again. Writes and stream reads go straight to the store.
 */
export class SharedEventFeed implements EventStore {
  readonly health?: () => EventStoreHealth;
  /** All stored events with positions in (coveredAfter, last position of `events`]. */
  private events: RecordedEvent[] = [];
  private coveredAfter = 0;
  private readonly waiters = new Set<() => void>();
  private live?: Subscription;

  constructor(
    private readonly store: EventStore,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {
    if (store.health) this.health = () => (store.health as () => EventStoreHealth).call(store);
  }

  append(candidates: readonly AppendCandidate[]): Promise<AppendOutcome[]> {
    return this.store.append(candidates);
  }

  readStream(streamId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(streamId);
  }

  headPosition(): Promise<number> {
    return this.store.headPosition();
  }

  async readAll(after: number, limit: number): Promise<RecordedEvent[]> {
    const cached = this.fromWindow(after, limit);
    if (cached) return cached;
    const batch = await this.store.readAll(after, limit);
    this.remember(after, batch);
    return batch;
  }

  subscribe(after: number, handler: (batch: RecordedEvent[]) => Promise<void>, options: SubscribeOptions = {}): Subscription {
    this.ensureLive();
    const batchSize = options.batchSize ?? DEFAULT_BATCH;
    let stopped = false;
    const run = async () => {
      let checkpoint = after;
      while (!stopped) {
        const batch = await this.readAll(checkpoint, batchSize);
        if (batch.length === 0) {
          // A stop that came during the read woke no one: it must not wait out a poll interval.
          if (!stopped) await this.idle();
          continue;
        }
        await handler(batch);
        checkpoint = batch[batch.length - 1].position;
      }
    };
    const running = run().catch((error: unknown) => {
      stopped = true;
      options.onError?.(error);
    });
    return {
      stop: async () => {
        stopped = true;
        this.wake();
        await running;
      },
    };
  }

  async close(): Promise<void> {
    await this.live?.stop();
    this.wake();
  }

  /** The window's events after `after`, or undefined when the window does not cover that point. */
  private fromWindow(after: number, limit: number): RecordedEvent[] | undefined {
    const last = this.events.length > 0 ? this.events[this.events.length - 1].position : this.coveredAfter;
    if (after < this.coveredAfter || after >= last) return undefined;
    // First event after `after`: positions ascend, so a binary search finds it.
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.events[middle].position <= after) low = middle + 1;
      else high = middle;
    }
    return this.events.slice(low, low + limit);
  }

  /** Keeps `batch`, the store's answer to readAll(after), when it continues the window (or starts a new one). */
  private remember(after: number, batch: readonly RecordedEvent[]): void {
    if (batch.length === 0) return;
    const last = this.events.length > 0 ? this.events[this.events.length - 1].position : this.coveredAfter;
    if (after === last) this.events.push(...batch);
    else if (after > last || after < this.coveredAfter) {
      // Not contiguous with what is kept: this batch becomes the window.
      this.events = [...batch];
      this.coveredAfter = after;
    } else {
      // Overlaps the window's end: keep only what is new.
      this.events.push(...batch.filter((event) => event.position > last));
    }
    if (this.events.length > this.capacity) {
      const dropped = this.events.length - this.capacity;
      this.coveredAfter = this.events[dropped - 1].position;
      this.events = this.events.slice(dropped);
    }
  }

  /**
   * One live subscription, from the head, wakes the readers as events are stored, and brings them
   * into the window when it continues it (a catch-up far behind keeps its own window).
   */
  private ensureLive(): void {
    if (this.live) return;
    const started = this.store.headPosition().then((head) => {
      let from = head;
      return this.store.subscribe(
        head,
        async (batch) => {
          const last = this.events.length > 0 ? this.events[this.events.length - 1].position : this.coveredAfter;
          if (from === last) this.remember(from, batch);
          from = batch[batch.length - 1].position;
          this.wake();
        },
        // An outage ends it; the next subscriber (a projection recovering) starts another.
        { onError: () => (this.live = undefined) },
      );
    });
    this.live = {
      stop: async () => {
        const subscription = await started.catch(() => undefined);
        await subscription?.stop();
      },
    };
    started.catch(() => (this.live = undefined));
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, IDLE_POLL_MILLIS);
      this.waiters.add(done);
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
