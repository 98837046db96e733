import {
  BACKWARDS,
  END,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type EventStoreDBClient,
  type Filter,
  type Position,
} from '@eventstore/db-client';
import { contentHash, type RecordedEvent } from '@ledger/contracts';
import { WrongExpectedRevisionError } from '../errors';
import type {
  AppendCandidate,
  AppendOutcome,
  EventStore,
  EventStoreHealth,
  ExpectedRevision,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { planAppend, type AppendPlan, type KnownKey, type StreamRevision } from './append-plan';
import { readToEnd } from './bounded-read';
import { ConnectionMonitor } from './connection-monitor';
import { clientFor, connectionHint, redactConnectionString } from './connection-string';
import { eventIdFor } from './event-id';
import { fromResolvedEvent, toEventData, type StoredLedgerEvent } from './event-codec';
import { describeFailure, EventStoreUnavailableError, isConnectionError, reasonOf, toWrongExpectedRevision } from './eventstoredb-errors';
import { KeyIndex, type KeyReservation, type KeyState, type StoredKey } from './key-index';
import { mapLimit } from './map-limit';
import { toEventStorePosition } from './positions';
import { StreamNames } from './stream-names';
import { SubscriptionReader } from './subscription-reader';

export interface EventStoreDbOptions {
  /** Prefix of every stream this ledger writes (default `ledger`); lets ledgers or test runs share a server. */
  namespace?: string;
  /** Name of the setting the connection string came from, for error messages (default EVENTSTORE_URL). */
  urlVariable?: string;
  /** Start-up check: how long the first read may take before start-up fails (default 5000 ms). */
  probeTimeoutMillis?: number;
  /** Longest a single read may stay silent (default 15000 ms); appends use the connection's `defaultDeadline`. */
  readTimeoutMillis?: number;
  /** Grace period of a reservation held by another writer (default 5000 ms); see KeyIndex.settle. */
  settleTimeoutMillis?: number;
  /** Parallel key reads and writes per append (default 16). */
  concurrency?: number;
  /** Pause before a live subscription reconnects: doubles from `firstDelayMillis` up to `maxDelayMillis`. */
  reconnect?: { firstDelayMillis: number; maxDelayMillis: number };
}

const HEAD_PAGE = 200;
const MAX_RESERVATION_ROUNDS = 5;

/**
 * The `eventstoredb` adapter: the EventStore port over EventStoreDB / KurrentDB through
 * @eventstore/db-client (docs/eventstoredb.md has the full design).
 *
 * - One EventStoreDB stream per aggregate (`<namespace>:<streamId>`); expected revisions map
 *   one to one (`any` → ANY, `no_stream` → NO_STREAM, n → n).
 * - Positions are $all commit positions (log offsets): strictly increasing, not dense.
 * - Idempotency on (source, id): a derived UUID v5 event id plus one key stream per key (KeyIndex);
 *   duplicate vs conflict compares the stored content hash.
 * - An append is checked completely before anything is written; it is then written as runs of
 *   consecutive same-stream events, one atomic append each, in the given order. Atomic per run,
 *   not across streams: see `append`.
 * - Reads and live subscriptions go through $all with a server-side stream prefix filter, so
 *   system events, key streams and other applications' streams never reach the client.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly keys: KeyIndex;
  private readonly monitor = new ConnectionMonitor();
  private readonly filter: Filter;
  private readonly live = new Set<{ stop(): Promise<void> }>();
  private nextSubscriptionId = 1;
  private closed = false;

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly names: StreamNames,
    private readonly options: Required<Omit<EventStoreDbOptions, 'namespace' | 'urlVariable'>>,
  ) {
    this.keys = new KeyIndex(client, names, {
      readTimeoutMillis: options.readTimeoutMillis,
      settleTimeoutMillis: options.settleTimeoutMillis,
    });
    this.filter = streamNameFilter({ prefixes: [names.eventPrefix] });
  }

  /**
   * Validates the connection string, then proves within `probeTimeoutMillis` that the server
   * answers a read of $all. Fails with an error that names the setting and the reason.
   */
  static async connect(url: string | undefined, options: EventStoreDbOptions = {}): Promise<EventStoreDbEventStore> {
    const variable = options.urlVariable ?? 'EVENTSTORE_URL';
    const names = new StreamNames(options.namespace);
    const client = clientFor(url, variable);
    const store = new EventStoreDbEventStore(client, names, {
      probeTimeoutMillis: options.probeTimeoutMillis ?? 5000,
      readTimeoutMillis: options.readTimeoutMillis ?? 15000,
      settleTimeoutMillis: options.settleTimeoutMillis ?? 5000,
      concurrency: options.concurrency ?? 16,
      reconnect: options.reconnect ?? { firstDelayMillis: 250, maxDelayMillis: 10000 },
    });
    try {
      await readToEnd(
        client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }),
        store.options.probeTimeoutMillis,
        'checking the connection at start-up',
      );
    } catch (error) {
      await client.dispose().catch(() => undefined);
      const reason = reasonOf(error);
      const hint = connectionHint(url as string, reason);
      throw new EventStoreUnavailableError(
        `${variable}: cannot use EventStoreDB at ${redactConnectionString(url as string)}: ${reason}${hint ? ` (${hint})` : ''}`,
      );
    }
    return store;
  }

  /**
   * Checks everything first (idempotency keys, expected revisions), so a stale expected revision
   * writes nothing, exactly as in the SQL adapters. Then reserves the new keys, writes the runs in
   * order and confirms the keys.
   *
   * Atomicity: EventStoreDB appends atomically to one stream per call. A run is all or nothing;
   * the runs of one call are not. If the server refuses a later run (a concurrent writer changed
   * its stream after the check) or the connection drops, the earlier runs stay written, the error
   * is thrown, and a retry of the same call answers `duplicate` for them and writes the rest.
   */
  async append(candidates: readonly AppendCandidate[]): Promise<AppendOutcome[]> {
    this.assertOpen();
    if (candidates.length === 0) return [];
    for (const candidate of candidates) this.names.eventStream(candidate.streamId);
    const eventIds = candidates.map((candidate) => eventIdFor(candidate.event.source, candidate.event.id));
    const hashes = candidates.map((candidate) => contentHash(candidate.event));
    try {
      for (let round = 1; ; round++) {
        const keyStates = await this.settledKeyStates([...new Set(eventIds)]);
        const known = new Map<string, KnownKey>();
        for (const [eventId, state] of keyStates) {
          if (state.kind === 'stored') known.set(eventId, { contentHash: state.stored.contentHash, position: state.stored.position });
        }
        const checkedStreams = [...new Set(candidates.filter((c) => (c.expectedRevision ?? 'any') !== 'any').map((c) => c.streamId))];
        const revisions = await this.currentRevisions(checkedStreams);
        const plan = planAppend({ candidates, eventIds, contentHashes: hashes, known, revisions });
        const held = await this.reserve(plan, candidates, eventIds, hashes, keyStates);
        if (!held) {
          if (round === MAX_RESERVATION_ROUNDS) throw new Error('append gave up: other writers kept reserving the same idempotency keys');
          // Another writer took a key since it was read: answer from what it stores. The random pause
          // keeps two writers that each won half of the other's keys from colliding again.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * round));
          continue;
        }
        const written = await this.writeRuns(plan, candidates, eventIds, hashes, held);
        await this.confirm(plan, eventIds, written, held);
        this.monitor.succeeded();
        return plan.outcomes.map((planned, index): AppendOutcome => {
          if (planned.kind === 'known') return { status: planned.status, position: planned.position };
          if (planned.kind === 'same-batch')
            return { status: planned.status, position: (written.get(planned.of) as StoredLedgerEvent).recorded.position };
          const stored = written.get(index) as StoredLedgerEvent;
          if (stored.metadata.contentHash !== hashes[index]) return { status: 'conflict', position: stored.recorded.position };
          return {
            status: 'accepted',
            position: stored.recorded.position,
            streamId: stored.recorded.streamId,
            revision: stored.recorded.revision,
          };
        });
      }
    } catch (error) {
      this.monitor.failed(error);
      throw describeFailure(error, 'appending events');
    }
  }

  /**
   * Events after `after` in $all order, read through a catch-up subscription with the namespace's
   * server-side prefix filter (the client's plain $all read cannot filter). It stops at `limit`
   * events or when the server reports it has caught up, so events committed later are left for the
   * next call.
   */
  async readAll(after: number, limit: number): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (!Number.isInteger(limit) || limit <= 0) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    const reader = new SubscriptionReader(this.client.subscribeToAll({ fromPosition: toEventStorePosition(after), filter: this.filter }));
    const events: RecordedEvent[] = [];
    let lastProgress = Date.now();
    try {
      while (events.length < limit) {
        const wanted = limit - events.length;
        const taken = reader.take(wanted);
        for (const resolved of taken) {
          const stored = fromResolvedEvent(resolved, this.names);
          if (stored && stored.recorded.position > after) events.push(stored.recorded);
        }
        if (taken.length > 0) lastProgress = Date.now();
        if (taken.length === wanted) continue;
        // The buffer is empty: everything sent before a caught-up signal has been taken.
        if (reader.isCaughtUp) break;
        const problem = reader.problem;
        if (problem) throw problem;
        const idle = Date.now() - lastProgress;
        if (idle >= this.options.readTimeoutMillis) {
          throw new EventStoreUnavailableError(
            `EventStoreDB did not report catching up within ${this.options.readTimeoutMillis} ms while reading $all (the adapter needs EventStoreDB 23.10 or later)`,
          );
        }
        await reader.wait(this.options.readTimeoutMillis - idle);
      }
      this.monitor.succeeded();
      return events;
    } catch (error) {
      this.monitor.failed(error);
      throw describeFailure(error, 'reading $all');
    } finally {
      await reader.close();
    }
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    this.assertOpen();
    try {
      const resolved = await readToEnd(
        this.client.readStream(this.names.eventStream(streamId), { direction: FORWARDS, fromRevision: START }),
        this.options.readTimeoutMillis,
        `reading stream ${streamId}`,
      );
      this.monitor.succeeded();
      return resolved.flatMap((item) => {
        const stored = fromResolvedEvent(item, this.names);
        return stored ? [stored.recorded] : [];
      });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      this.monitor.failed(error);
      throw describeFailure(error, `reading stream ${streamId}`);
    }
  }

  /** The last ledger event's position: $all read backwards, skipping what is not this namespace's. */
  async headPosition(): Promise<number> {
    this.assertOpen();
    try {
      let from: typeof END | Position = END;
      for (;;) {
        const page: AllStreamResolvedEvent[] = await readToEnd(
          this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: HEAD_PAGE }),
          this.options.readTimeoutMillis,
          'finding the head position',
        );
        for (const resolved of page) {
          const stored = fromResolvedEvent(resolved, this.names);
          if (stored) {
            this.monitor.succeeded();
            return stored.recorded.position;
          }
        }
        const lowest: AllStreamResolvedEvent | undefined = page[page.length - 1];
        const lowestPosition: Position | undefined =
          lowest?.event?.position ??
          (lowest?.commitPosition === undefined ? undefined : { commit: lowest.commitPosition, prepare: lowest.commitPosition });
        if (page.length < HEAD_PAGE || !lowestPosition) {
          this.monitor.succeeded();
          return 0;
        }
        // Reading backwards from a record's own position continues with the records before it.
        from = lowestPosition;
      }
    } catch (error) {
      this.monitor.failed(error);
      throw describeFailure(error, 'finding the head position');
    }
  }

  /**
   * A catch-up subscription to $all (prefix-filtered) from `after`, delivered in batches of what
   * has arrived (at most `batchSize`). When the connection drops it resubscribes from the last
   * delivered position after a growing pause, and /health reports it meanwhile. A throwing
   * handler stops the subscription and goes to `onError`, as in the SQL adapters.
   */
  subscribe(after: number, handler: (batch: RecordedEvent[]) => Promise<void>, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const batchSize = options.batchSize ?? 500;
    const id = this.nextSubscriptionId++;
    let stopped = false;
    let reader: SubscriptionReader | undefined;
    let wakePause: (() => void) | undefined;
    let checkpoint = after;

    const deliverUntilDropped = async (current: SubscriptionReader): Promise<unknown> => {
      for (;;) {
        if (stopped) return undefined;
        const taken = current.take(batchSize);
        const batch: RecordedEvent[] = [];
        for (const resolved of taken) {
          const stored = fromResolvedEvent(resolved, this.names);
          if (stored && stored.recorded.position > checkpoint) batch.push(stored.recorded);
        }
        if (batch.length > 0) {
          await handler(batch);
          checkpoint = batch[batch.length - 1].position;
          this.monitor.subscriptionUp(id);
          continue;
        }
        if (taken.length === batchSize) continue;
        if (current.problem) return current.problem;
        await current.wait();
      }
    };

    const run = async () => {
      let failures = 0;
      while (!stopped) {
        reader = new SubscriptionReader(
          this.client.subscribeToAll({ fromPosition: toEventStorePosition(checkpoint), filter: this.filter }),
          () => {
            failures = 0;
            this.monitor.subscriptionUp(id);
          },
        );
        let dropped: unknown;
        try {
          dropped = await deliverUntilDropped(reader);
        } finally {
          await reader.close();
        }
        if (stopped) return;
        failures += 1;
        this.monitor.subscriptionDown(id, dropped);
        const pause = Math.min(this.options.reconnect.maxDelayMillis, this.options.reconnect.firstDelayMillis * 2 ** (failures - 1));
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pause * (0.75 + Math.random() / 2));
          wakePause = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    };

    const subscription = {
      stop: async () => {
        stopped = true;
        reader?.interrupt();
        wakePause?.();
        await running;
        this.monitor.subscriptionGone(id);
        this.live.delete(subscription);
      },
    };
    const running = run().catch((error: unknown) => {
      stopped = true;
      this.monitor.subscriptionGone(id);
      this.live.delete(subscription);
      options.onError?.(error);
    });
    this.live.add(subscription);
    return subscription;
  }

  health(): EventStoreHealth {
    return this.monitor.health();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.live].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the EventStoreDB event store is closed');
  }

  /** Every key's state, waiting out (or finishing) reservations that other writers hold. */
  private async settledKeyStates(eventIds: string[]): Promise<Map<string, Exclude<KeyState, { kind: 'reserved' }>>> {
    const states = await mapLimit(eventIds, this.options.concurrency, async (eventId) => {
      const state = await this.keys.state(eventId);
      return state.kind === 'reserved'
        ? this.keys.settle(eventId, state, {
            find: (id, reservation) => this.findStored(id, reservation),
            complete: (id, reservation) => this.complete(id, reservation),
          })
        : state;
    });
    return new Map(eventIds.map((eventId, index) => [eventId, states[index]]));
  }

  /** Current revision of each stream, read only for streams whose candidates name an expected revision. */
  private async currentRevisions(streamIds: string[]): Promise<Map<string, StreamRevision>> {
    const revisions = await mapLimit(streamIds, this.options.concurrency, async (streamId): Promise<StreamRevision> => {
      try {
        const [last] = await readToEnd(
          this.client.readStream(this.names.eventStream(streamId), { direction: BACKWARDS, fromRevision: END, maxCount: 1 }),
          this.options.readTimeoutMillis,
          `reading the revision of stream ${streamId}`,
        );
        return last?.event ? Number(last.event.revision) : 'no_stream';
      } catch (error) {
        if (error instanceof StreamNotFoundError) return 'no_stream';
        throw error;
      }
    });
    return new Map(streamIds.map((streamId, index) => [streamId, revisions[index]]));
  }

  /** Reserves the key of every new candidate; undefined (after releasing what it got) when another writer won one. */
  private async reserve(
    plan: AppendPlan,
    candidates: readonly AppendCandidate[],
    eventIds: readonly string[],
    hashes: readonly string[],
    keyStates: ReadonlyMap<string, Exclude<KeyState, { kind: 'reserved' }>>,
  ): Promise<Map<string, bigint> | undefined> {
    const fresh = plan.outcomes.flatMap((planned, index) => (planned.kind === 'new' ? [index] : []));
    const results = await mapLimit(fresh, this.options.concurrency, async (index) => {
      const state = keyStates.get(eventIds[index]);
      if (state?.kind !== 'free') return undefined;
      const candidate = candidates[index];
      const reservation: KeyReservation = {
        streamId: candidate.streamId,
        contentHash: hashes[index],
        expectedRevision: candidate.expectedRevision ?? 'any',
        event: candidate.event,
        ...(candidate.recordedAt === undefined ? {} : { recordedAt: candidate.recordedAt }),
      };
      return this.keys.reserve(eventIds[index], state, reservation);
    });
    const held = new Map<string, bigint>();
    fresh.forEach((index, k) => {
      const revision = results[k];
      if (revision !== undefined) held.set(eventIds[index], revision);
    });
    if (held.size === fresh.length) return held;
    await this.release([...held.keys()], held, 'another writer reserved a key of the same append first');
    return undefined;
  }

  private async writeRuns(
    plan: AppendPlan,
    candidates: readonly AppendCandidate[],
    eventIds: readonly string[],
    hashes: readonly string[],
    held: Map<string, bigint>,
  ): Promise<Map<number, StoredLedgerEvent>> {
    const written = new Map<number, StoredLedgerEvent>();
    const unwritten = () =>
      plan.outcomes.flatMap((planned, index) => (planned.kind === 'new' && !written.has(index) ? [eventIds[index]] : []));
    for (const run of plan.runs) {
      const stream = this.names.eventStream(run.streamId);
      let expected = run.expected;
      for (const chunk of chunksOf(run.candidates, (index) => approximateSize(candidates[index]))) {
        const events = chunk.map((index) =>
          toEventData(candidates[index].event, eventIds[index], hashes[index], candidates[index].recordedAt),
        );
        let nextExpectedRevision: bigint;
        try {
          const result = await this.client.appendToStream(stream, events, { expectedRevision: toClientRevision(expected) });
          if (!result.success) {
            // Only with throwOnAppendFailure=false in the connection string.
            throw new WrongExpectedRevisionError(
              run.streamId,
              String(expected),
              result.nextExpectedRevision < 0n ? 'no_stream' : Number(result.nextExpectedRevision),
            );
          }
          nextExpectedRevision = result.nextExpectedRevision;
        } catch (error) {
          // Refused means nothing of this chunk was written: free its keys and the later ones. After a
          // connection failure the outcome is unknown: the reservations stay, and a retry settles them.
          if (!isConnectionError(error)) await this.release(unwritten(), held, `the append was refused: ${reasonOf(error)}`);
          throw error instanceof WrongExpectedVersionError ? toWrongExpectedRevision(error, run.streamId) : error;
        }
        const first = nextExpectedRevision - BigInt(events.length - 1);
        const stored = await this.readRun(stream, first, events.length);
        stored.forEach((event, offset) => {
          const index = chunk[offset];
          if (event?.eventId !== eventIds[index]) {
            throw new Error(`EventStoreDB stream ${stream} holds other events at revisions ${first}.. than the ones just appended`);
          }
          written.set(index, event);
        });
        // A long run is split in chunks; after the first the stream's revision is known exactly.
        if (expected !== 'any') expected = Number(nextExpectedRevision);
      }
    }
    return written;
  }

  /** The events of a run as stored, with their $all positions and recorded times. */
  private async readRun(stream: string, first: bigint, count: number): Promise<StoredLedgerEvent[]> {
    const resolved = await readToEnd(
      this.client.readStream(stream, { direction: FORWARDS, fromRevision: first, maxCount: count }),
      this.options.readTimeoutMillis,
      `reading back the events just appended to ${stream}`,
    );
    return resolved.map((item) => {
      const stored = fromResolvedEvent(item, this.names);
      if (!stored) throw new Error(`EventStoreDB stream ${stream} returned an event the ledger did not write`);
      return stored;
    });
  }

  /** Records where each new event went. A failure here is harmless: the next reader of the key finds the event itself. */
  private async confirm(
    plan: AppendPlan,
    eventIds: readonly string[],
    written: Map<number, StoredLedgerEvent>,
    held: Map<string, bigint>,
  ): Promise<void> {
    const fresh = plan.outcomes.flatMap((planned, index) => (planned.kind === 'new' ? [index] : []));
    await mapLimit(fresh, this.options.concurrency, async (index) => {
      const stored = written.get(index) as StoredLedgerEvent;
      try {
        await this.keys.confirm(eventIds[index], held.get(eventIds[index]) as bigint, storedKeyOf(stored));
      } catch (error) {
        this.monitor.failed(error);
      }
    });
  }

  private async release(eventIds: string[], held: Map<string, bigint>, reason: string): Promise<void> {
    await mapLimit(eventIds, this.options.concurrency, async (eventId) => {
      const keyRevision = held.get(eventId);
      if (keyRevision === undefined) return;
      // Best effort: a reservation left behind is settled by the next writer of the key.
      await this.keys.release(eventId, keyRevision, reason).catch((error: unknown) => this.monitor.failed(error));
    });
  }

  /** Looks for the reserved event in its stream, newest first (only needed after a writer stopped half-way). */
  private async findStored(eventId: string, reservation: KeyReservation): Promise<StoredKey | undefined> {
    const stream = this.names.eventStream(reservation.streamId);
    try {
      const resolved = await readToEnd(
        this.client.readStream(stream, { direction: BACKWARDS, fromRevision: END }),
        this.options.readTimeoutMillis,
        `looking for event ${eventId} in ${stream}`,
      );
      for (const item of resolved) {
        if (item.event?.id !== eventId) continue;
        const stored = fromResolvedEvent(item, this.names);
        return stored ? storedKeyOf(stored) : undefined;
      }
      return undefined;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }

  /** Writes the event of an abandoned `any` reservation under its derived id (the server absorbs a late original write). */
  private async complete(eventId: string, reservation: KeyReservation): Promise<StoredKey> {
    const stream = this.names.eventStream(reservation.streamId);
    const result = await this.client.appendToStream(
      stream,
      toEventData(reservation.event, eventId, reservation.contentHash, reservation.recordedAt),
    );
    const [stored] = await this.readRun(stream, result.nextExpectedRevision, 1);
    if (stored.eventId !== eventId) throw new Error(`EventStoreDB stream ${stream} holds another event where ${eventId} was just written`);
    return storedKeyOf(stored);
  }
}

function storedKeyOf(stored: StoredLedgerEvent): StoredKey {
  return {
    streamId: stored.recorded.streamId,
    revision: stored.recorded.revision,
    position: stored.recorded.position,
    contentHash: stored.metadata.contentHash,
  };
}

/** Largest append sent in one call, well below the server's default 1 MiB limit (MaxAppendSize). */
const MAX_APPEND_BYTES = 512 * 1024;

function approximateSize(candidate: AppendCandidate): number {
  return Buffer.byteLength(JSON.stringify(candidate.event), 'utf8') + 512; // plus metadata and framing
}

/** Consecutive chunks of at most MAX_APPEND_BYTES (a single larger event still goes alone). */
function chunksOf(indexes: number[], sizeOf: (index: number) => number): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const index of indexes) {
    const size = sizeOf(index);
    if (current.length > 0 && bytes + size > MAX_APPEND_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function toClientRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return 'any';
  if (expected === 'no_stream') return NO_STREAM;
  return BigInt(expected);
}
