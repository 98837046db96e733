import { contentHash, type CloudEvent, type RecordedEvent } from '@ledger/contracts';
import { parseInstant } from '@ledger/kernel';
import { isDatabaseUnavailable, migrate, type SqlDatabase } from '@ledger/platform/sql';
import { WrongExpectedRevisionError } from '../errors';
import type { AppendCandidate, AppendOutcome, EventStore, ExpectedRevision, SubscribeOptions, Subscription } from '../event-store.port';
import { EVENT_STORE_MIGRATIONS } from './migrations';
import { AppendSignal } from './append-signal';

/** Pauses of a subscription waiting for the database to come back. */
const OUTAGE_FIRST_PAUSE_MILLIS = 100;
const OUTAGE_MAX_PAUSE_MILLIS = 2000;

interface EventRow {
  position: number | string;
  stream_id: string;
  revision: number | string;
  recorded_at: Date | string;
  envelope: string;
}

/** One row `ledger_append` answers (migration event-store/0002): a verdict, or the first failed expectation. */
interface VerdictRow {
  /** The candidate it is about, counted from 1. */
  candidate: number | string;
  verdict: 'accepted' | 'duplicate' | 'conflict' | 'wrong_revision';
  /** The event's position (for `wrong_revision`, the expected revision as encoded). */
  at_position: number | string;
  /** An accepted event's revision; for `wrong_revision` the stream's actual one (-1: no stream). */
  at_revision: number | string | null;
}

/** `ledger_append`'s encoding of an expected revision: NULL any, -1 no stream yet, n the last revision. */
const NO_STREAM = -1;
const NEVER_A_REVISION = -2;

/**
 * Event store over PostgreSQL SQL, shared by the embedded (PGlite) and server adapters.
 *
 * Global order without late-filled gaps: every append takes one transaction-scoped advisory
 * lock before it reads the head position, so positions are handed out and committed strictly
 * one transaction after another. PostgreSQL makes a commit visible before it releases the
 * transaction's locks, so when the next appender gets the lock every lower position is already
 * visible to all readers. The price is one appender at a time; batching keeps throughput high.
 *
 * An append is one call of the server-side function `ledger_append` (migration 0002), outside
 * any explicit transaction: it takes that lock, decides every candidate through index lookups
 * (keys, `ledger_streams`, the head), inserts and commits in one round trip, so the lock is held
 * only while the server works and no step reads more than the batch's own rows.
 */
export class SqlEventStore implements EventStore {
  private readonly signal = new AppendSignal();

  private constructor(
    private readonly db: SqlDatabase,
    private readonly pollMillis: number,
  ) {}

  /** Migrates the schema if needed. `pollMillis` bounds how late a reader notices appends made by other processes. */
  static async open(db: SqlDatabase, options: { pollMillis?: number } = {}): Promise<SqlEventStore> {
    await migrate(db, EVENT_STORE_MIGRATIONS);
    return new SqlEventStore(db, options.pollMillis ?? (db.kind === 'embedded' ? 1000 : 200));
  }

  async append(candidates: readonly AppendCandidate[]): Promise<AppendOutcome[]> {
    if (candidates.length === 0) return [];
    // Autocommit on purpose: the statement is the transaction, so the append lock taken inside
    // the function is released by the commit right after it, without another round trip.
    const rows = await this.db.query<VerdictRow>(
      `SELECT candidate, verdict, at_position, at_revision
         FROM ledger_append($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::timestamptz[])`,
      [
        candidates.map((c) => c.streamId),
        candidates.map((c) => encodeExpected(c.expectedRevision ?? 'any')),
        candidates.map((c) => c.event.source),
        candidates.map((c) => c.event.id),
        candidates.map((c) => c.event.type),
        candidates.map((c) => businessTimeInUtc(c.event.time)),
        candidates.map((c) => contentHash(c.event)),
        candidates.map((c) => JSON.stringify(c.event)),
        candidates.map((c) => c.recordedAt ?? null),
      ],
    );
    const outcomes = new Array<AppendOutcome>(candidates.length);
    for (const row of rows) {
      const index = Number(row.candidate) - 1;
      const position = Number(row.at_position);
      if (row.verdict === 'wrong_revision') {
        const { streamId, expectedRevision } = candidates[index];
        const actual = Number(row.at_revision);
        throw new WrongExpectedRevisionError(streamId, String(expectedRevision), actual === NO_STREAM ? 'no_stream' : actual);
      }
      outcomes[index] =
        row.verdict === 'accepted'
          ? { status: 'accepted', position, streamId: candidates[index].streamId, revision: Number(row.at_revision) }
          : { status: row.verdict, position };
    }
    if (rows.length !== candidates.length)
      throw new Error(`ledger_append answered ${rows.length} verdicts for ${candidates.length} candidates`);
    if (outcomes.some((outcome) => outcome.status === 'accepted')) this.signal.notify();
    return outcomes;
  }

  async readAll(after: number, limit: number): Promise<RecordedEvent[]> {
    const rows = await this.db.query<EventRow>(
      `SELECT position, stream_id, revision, recorded_at, envelope FROM ledger_events
        WHERE position > $1 ORDER BY position LIMIT $2`,
      [after, limit],
    );
    return rows.map(toRecordedEvent);
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    const rows = await this.db.query<EventRow>(
      `SELECT position, stream_id, revision, recorded_at, envelope FROM ledger_events
        WHERE stream_id = $1 ORDER BY revision`,
      [streamId],
    );
    return rows.map(toRecordedEvent);
  }

  async headPosition(): Promise<number> {
    // max() over the primary key reads one end of its index, whatever the history.
    const [row] = await this.db.query<{ head: number | string }>('SELECT coalesce(max(position), 0) AS head FROM ledger_events');
    return Number(row.head);
  }

  subscribe(after: number, handler: (batch: RecordedEvent[]) => Promise<void>, options: SubscribeOptions = {}): Subscription {
    const batchSize = options.batchSize ?? 500;
    let stopped = false;
    const run = async () => {
      let checkpoint = after;
      let outage = 0;
      while (!stopped) {
        let batch: RecordedEvent[];
        try {
          batch = await this.readAll(checkpoint, batchSize);
          outage = 0;
        } catch (error) {
          // A database outage pauses the subscription instead of ending it: it reads again from
          // the same position, with a growing pause, until the database answers.
          if (!isDatabaseUnavailable(error)) throw error;
          outage += 1;
          await this.signal.wait(Math.min(OUTAGE_MAX_PAUSE_MILLIS, OUTAGE_FIRST_PAUSE_MILLIS * 2 ** (outage - 1)));
          continue;
        }
        if (batch.length === 0) {
          // A stop that came during the read woke no one: it must not wait out a poll interval.
          if (!stopped) await this.signal.wait(this.pollMillis);
          continue;
        }
        await handler(batch);
        checkpoint = batch[batch.length - 1].position;
      }
    };
    const running = run().catch((error) => {
      stopped = true;
      if (options.onError) options.onError(error);
    });
    return {
      stop: async () => {
        stopped = true;
        this.signal.notify();
        await running;
      },
    };
  }

  async close(): Promise<void> {
    this.signal.notify();
  }
}

/**
 * RFC 3339 allows offsets up to ±23:59, PostgreSQL's timestamptz only up to ±15:59: an event at
 * "2026-03-04T08:00:00-16:00" answered 500. The column gets the same instant in UTC; the envelope
 * keeps the time as sent.
 */
function businessTimeInUtc(time: string): string {
  const parsed = parseInstant(time);
  return parsed.ok ? parsed.instant : time;
}

function encodeExpected(expected: ExpectedRevision): number | null {
  if (expected === 'any') return null;
  if (expected === 'no_stream') return NO_STREAM;
  // A revision no stream can have fails the check, as it always did.
  return Number.isSafeInteger(expected) && expected >= 0 ? expected : NEVER_A_REVISION;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    position: Number(row.position),
    streamId: row.stream_id,
    revision: Number(row.revision),
    recordedAt: new Date(row.recorded_at).toISOString(),
    event: JSON.parse(row.envelope) as CloudEvent,
  };
}
