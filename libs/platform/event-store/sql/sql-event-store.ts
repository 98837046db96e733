import { contentHash, type CloudEvent, type RecordedEvent } from '@ledger/contracts';
import { parseInstant } from '@ledger/kernel';
import { isDatabaseUnavailable, migrate, type SqlDatabase, type SqlExecutor } from '@ledger/platform/sql';
import { WrongExpectedRevisionError } from '../errors';
import type { AppendCandidate, AppendOutcome, EventStore, ExpectedRevision, SubscribeOptions, Subscription } from '../event-store.port';
import { EVENT_STORE_MIGRATIONS } from './migrations';
import { AppendSignal } from './append-signal';

/** Pauses of a subscription waiting for the database to come back. */
const OUTAGE_FIRST_PAUSE_MILLIS = 100;
const OUTAGE_MAX_PAUSE_MILLIS = 2000;
/** pg_advisory_xact_lock key serialising appends: the global order (see SqlEventStore). */
const APPEND_LOCK_KEY = 7_245_001;

interface EventRow {
  position: number | string;
  stream_id: string;
  revision: number | string;
  recorded_at: Date | string;
  envelope: string;
}

/** One row of the append context query: a known key (a=source, b=hash, c=id), a stream (a=id) or the head. */
interface ContextRow {
  kind: 'key' | 'stream' | 'head';
  a: string | null;
  b: string | null;
  c: string | null;
  n: number | string;
}

interface PendingRow {
  position: number;
  streamId: string;
  revision: number;
  event: CloudEvent;
  hash: string;
  recordedAt?: string;
}

/**
 * Event store over PostgreSQL SQL, shared by the embedded (PGlite) and server adapters.
 *
 * Global order without late-filled gaps: every append takes one transaction-scoped advisory
 * lock before it reads the head position, so positions are handed out and committed strictly
 * one transaction after another. PostgreSQL makes a commit visible before it releases the
 * transaction's locks, so when the next appender gets the lock every lower position is already
 * visible to all readers. The price is one appender at a time; batching keeps throughput high.
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
    const hashes = candidates.map((candidate) => contentHash(candidate.event));
    const outcomes = await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY]);
      const { known, revisions, head: storedHead } = await this.appendContext(tx, candidates);
      let head = storedHead;
      const rows: PendingRow[] = [];
      const results: AppendOutcome[] = [];
      candidates.forEach((candidate, index) => {
        const key = idempotencyKey(candidate.event.source, candidate.event.id);
        const prior = known.get(key);
        if (prior) {
          results.push({ status: prior.hash === hashes[index] ? 'duplicate' : 'conflict', position: prior.position });
          return;
        }
        const current = revisions.get(candidate.streamId);
        checkExpectedRevision(candidate.streamId, candidate.expectedRevision ?? 'any', current);
        const revision = current === undefined ? 0 : current + 1;
        head += 1;
        revisions.set(candidate.streamId, revision);
        known.set(key, { hash: hashes[index], position: head });
        rows.push({
          position: head,
          streamId: candidate.streamId,
          revision,
          event: candidate.event,
          hash: hashes[index],
          recordedAt: candidate.recordedAt,
        });
        results.push({ status: 'accepted', position: head, streamId: candidate.streamId, revision });
      });
      if (rows.length > 0) await this.insert(tx, rows);
      return results;
    });
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

  headPosition(): Promise<number> {
    return this.head(this.db);
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
          await this.signal.wait(this.pollMillis);
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

  private async head(executor: SqlExecutor): Promise<number> {
    const [row] = await executor.query<{ head: number | string }>('SELECT coalesce(max(position), 0) AS head FROM ledger_events');
    return Number(row.head);
  }

  /**
   * Everything an append must know, read in one round trip under the append lock: which
   * idempotency keys exist (with their content hash), each stream's revision, the head position.
   */
  private async appendContext(tx: SqlExecutor, candidates: readonly AppendCandidate[]) {
    const rows = await tx.query<ContextRow>(
      `SELECT 'key' AS kind, e.source AS a, e.content_hash AS b, e.event_id AS c, e.position AS n
         FROM ledger_events e
         JOIN unnest($1::text[], $2::text[]) AS k(source, event_id) ON e.source = k.source AND e.event_id = k.event_id
       UNION ALL
       SELECT 'stream', stream_id, NULL, NULL, max(revision) FROM ledger_events WHERE stream_id = ANY($3::text[]) GROUP BY stream_id
       UNION ALL
       SELECT 'head', NULL, NULL, NULL, coalesce(max(position), 0) FROM ledger_events`,
      [candidates.map((c) => c.event.source), candidates.map((c) => c.event.id), [...new Set(candidates.map((c) => c.streamId))]],
    );
    const known = new Map<string, { hash: string; position: number }>();
    const revisions = new Map<string, number>();
    let head = 0;
    for (const row of rows) {
      if (row.kind === 'key')
        known.set(idempotencyKey(row.a as string, row.c as string), { hash: row.b as string, position: Number(row.n) });
      else if (row.kind === 'stream') revisions.set(row.a as string, Number(row.n));
      else head = Number(row.n);
    }
    return { known, revisions, head };
  }

  private async insert(tx: SqlExecutor, rows: PendingRow[]): Promise<void> {
    // One statement per batch: unnest turns parallel arrays into rows. clock_timestamp() is read
    // under the append lock, so recorded time never goes backwards along the global order. Only
    // a copy from another store passes recorded times (its source's, already in that order).
    await tx.query(
      `INSERT INTO ledger_events
         (position, stream_id, revision, source, event_id, type, business_time, recorded_at, content_hash, envelope)
       SELECT r.position, r.stream_id, r.revision, r.source, r.event_id, r.type, r.business_time,
              coalesce(r.recorded_at, clock_timestamp()), r.content_hash, r.envelope
         FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::text[], $10::timestamptz[])
           AS r(position, stream_id, revision, source, event_id, type, business_time, content_hash, envelope, recorded_at)`,
      [
        rows.map((r) => r.position),
        rows.map((r) => r.streamId),
        rows.map((r) => r.revision),
        rows.map((r) => r.event.source),
        rows.map((r) => r.event.id),
        rows.map((r) => r.event.type),
        rows.map((r) => businessTimeInUtc(r.event.time)),
        rows.map((r) => r.hash),
        rows.map((r) => JSON.stringify(r.event)),
        rows.map((r) => r.recordedAt ?? null),
      ],
    );
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

function idempotencyKey(source: string, id: string): string {
  return `${source}\u0000${id}`;
}

function checkExpectedRevision(streamId: string, expected: ExpectedRevision, current: number | undefined): void {
  if (expected === 'any') return;
  if (expected === 'no_stream') {
    if (current !== undefined) throw new WrongExpectedRevisionError(streamId, 'no_stream', current);
    return;
  }
  if (current !== expected) throw new WrongExpectedRevisionError(streamId, String(expected), current ?? 'no_stream');
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
