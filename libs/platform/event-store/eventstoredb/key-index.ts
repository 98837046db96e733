import {
  BACKWARDS,
  END,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import type { CloudEvent } from '@ledger/contracts';
import type { ExpectedRevision } from '../event-store.port';
import { readToEnd } from './bounded-read';
import type { StreamNames } from './stream-names';

export const KEY_RESERVED = 'ledger.key-reserved';
export const KEY_STORED = 'ledger.key-stored';
export const KEY_RELEASED = 'ledger.key-released';

/** Written before the event: binds the key to one content and stream, and carries the event so anyone can finish the write. */
export interface KeyReservation {
  streamId: string;
  contentHash: string;
  expectedRevision: ExpectedRevision;
  event: CloudEvent;
  recordedAt?: string;
}

/** Written after the event: where it is, so a resend is answered without searching. */
export interface StoredKey {
  streamId: string;
  revision: number;
  position: number;
  contentHash: string;
}

export type KeyState =
  /** Nobody holds the key; `next` is the expected revision of the key stream for reserving it. */
  | { kind: 'free'; next: typeof NO_STREAM | bigint }
  | { kind: 'reserved'; keyRevision: bigint; reservation: KeyReservation; reservedAt: Date }
  | { kind: 'stored'; keyRevision: bigint; stored: StoredKey };

export interface KeyRecord {
  type: string;
  data: unknown;
  revision: bigint;
  created: Date;
}

/** The state of a key from the last record of its stream (undefined: the stream does not exist). */
export function keyStateOf(last: KeyRecord | undefined): KeyState {
  if (!last) return { kind: 'free', next: NO_STREAM };
  switch (last.type) {
    case KEY_RESERVED:
      return { kind: 'reserved', keyRevision: last.revision, reservation: last.data as KeyReservation, reservedAt: last.created };
    case KEY_STORED:
      return { kind: 'stored', keyRevision: last.revision, stored: last.data as StoredKey };
    case KEY_RELEASED:
      return { kind: 'free', next: last.revision };
    default:
      throw new Error(`idempotency key stream holds an unknown record type "${last.type}"`);
  }
}

export interface KeyIndexOptions {
  readTimeoutMillis: number;
  /** How long a reservation held by someone else may stay open before this process finishes or releases it. */
  settleTimeoutMillis: number;
}

/** How to finish another writer's reservation: find its event, or write it (only for `any` reservations). */
export interface Settler {
  find(eventId: string, reservation: KeyReservation): Promise<StoredKey | undefined>;
  complete(eventId: string, reservation: KeyReservation): Promise<StoredKey>;
}

/**
 * Idempotency on `(source, id)` over EventStoreDB, which has no unique index: one small stream per
 * key (`<namespace>.key:<event id>`) whose first write uses expected revision "no stream", so
 * exactly one writer wins a key even across processes. The protocol per key:
 * reserved → (event appended to its stream) → stored, or reserved → released when the append was
 * refused (wrong expected revision), after which the key can be reserved again.
 */
export class KeyIndex {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly names: StreamNames,
    private readonly options: KeyIndexOptions,
  ) {}

  async state(eventId: string): Promise<KeyState> {
    const stream = this.names.keyStream(eventId);
    try {
      const [last] = await readToEnd(
        this.client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }),
        this.options.readTimeoutMillis,
        `reading idempotency key ${stream}`,
      );
      const record = last?.event;
      return keyStateOf(record ? { type: record.type, data: record.data, revision: record.revision, created: record.created } : undefined);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return keyStateOf(undefined);
      throw error;
    }
  }

  /** The key stream's revision after reserving, or undefined when another writer got there first. */
  async reserve(eventId: string, free: Extract<KeyState, { kind: 'free' }>, reservation: KeyReservation): Promise<bigint | undefined> {
    return this.write(eventId, free.next, KEY_RESERVED, reservation);
  }

  /** Records where the event is. Losing the race to another confirmation of the same event is fine. */
  async confirm(eventId: string, keyRevision: bigint, stored: StoredKey): Promise<void> {
    await this.write(eventId, keyRevision, KEY_STORED, stored);
  }

  /** Frees a reservation whose event was not written. */
  async release(eventId: string, keyRevision: bigint, reason: string): Promise<void> {
    await this.write(eventId, keyRevision, KEY_RELEASED, { reason });
  }

  /**
   * Waits until another writer's reservation is stored or released. A reservation older than the
   * settle timeout is taken to belong to a writer that stopped half-way: if its event was written
   * it is confirmed; otherwise an `any` reservation is completed by writing the reserved event
   * (under the same derived id, so a late original write is absorbed by the server), and a
   * reservation with an explicit expected revision is released, since its check cannot be redone.
   */
  async settle(
    eventId: string,
    reserved: Extract<KeyState, { kind: 'reserved' }>,
    settler: Settler,
  ): Promise<Exclude<KeyState, { kind: 'reserved' }>> {
    let waitingSince = Date.now();
    let seenRevision = reserved.keyRevision;
    let delay = 20;
    let current: KeyState = reserved;
    for (;;) {
      if (current.kind !== 'reserved') return current;
      if (current.keyRevision !== seenRevision) {
        // A new reservation by another writer: it gets its own full grace period.
        seenRevision = current.keyRevision;
        waitingSince = Date.now();
        delay = 20;
      }
      const age = Math.max(Date.now() - current.reservedAt.getTime(), Date.now() - waitingSince);
      if (age >= this.options.settleTimeoutMillis) {
        const found = await settler.find(eventId, current.reservation);
        if (found) {
          await this.confirm(eventId, current.keyRevision, found);
        } else if (current.reservation.expectedRevision === 'any') {
          const completed = await settler.complete(eventId, current.reservation);
          await this.confirm(eventId, current.keyRevision, completed);
        } else {
          await this.release(eventId, current.keyRevision, 'abandoned by its writer; its expected revision cannot be checked again');
        }
      } else {
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 500);
      }
      current = await this.state(eventId);
    }
  }

  private async write(eventId: string, expected: typeof NO_STREAM | bigint, type: string, data: object): Promise<bigint | undefined> {
    try {
      const result = await this.client.appendToStream(
        this.names.keyStream(eventId),
        jsonEvent({ type, data: data as Record<string, unknown> }),
        {
          expectedRevision: expected,
        },
      );
      return result.success ? result.nextExpectedRevision : undefined;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return undefined;
      throw error;
    }
  }
}
