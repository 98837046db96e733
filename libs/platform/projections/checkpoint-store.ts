import type { RecordedEvent } from '@ledger/contracts';
import type { SqlExecutor } from '@ledger/platform/sql';

/*
 * Where each projection stands, and the events it skipped because it could not apply them
 * (SPEC §1: no stored event can stop a projection). Both are written in the transaction that
 * moves the checkpoint, so a skipped event is never lost from view and never skipped twice.
 * Their tables come from PROJECTION_RUNTIME_MIGRATIONS.
 */

/** One event a projection could not apply, recorded and skipped. */
export interface ProjectionException {
  projection: string;
  position: number;
  eventId: string;
  eventSource: string;
  eventType: string;
  error: string;
  recordedAt: string;
}

/** Long enough for any useful message; a stack-sized message would only bloat /v1/ledger/verify. */
const MAX_ERROR_LENGTH = 2000;

export async function readCheckpoint(db: SqlExecutor, name: string): Promise<number> {
  const [row] = await db.query<{ position: number | string }>('SELECT position FROM projection_checkpoints WHERE name = $1', [name]);
  return row ? Number(row.position) : 0;
}

/** Another process moved the projection's checkpoint since this one read it: this one's batch is not committed. */
export class CheckpointMovedError extends Error {
  constructor(name: string, expected: number, actual: number) {
    super(`projection ${name}: another process moved its checkpoint from ${expected} to ${actual}; reading again from there`);
    this.name = 'CheckpointMovedError';
  }
}

/**
 * Call first in the transaction that will move the checkpoint: locks the projection's checkpoint
 * row until the commit and checks that it still stands at `expected`. Two processes running the
 * same projection then never both commit a batch: the second waits for the first and is refused.
 */
export async function claimCheckpoint(tx: SqlExecutor, name: string, expected: number): Promise<void> {
  await tx.query('INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [name]);
  const [row] = await tx.query<{ position: number | string }>('SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [
    name,
  ]);
  const actual = Number(row.position);
  if (actual !== expected) throw new CheckpointMovedError(name, expected, actual);
}

export async function writeCheckpoint(tx: SqlExecutor, name: string, position: number): Promise<void> {
  await tx.query(
    `INSERT INTO projection_checkpoints (name, position) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position`,
    [name, position],
  );
}

/** Records that `projection` skipped `recorded` because applying it failed with `error`; call it in the checkpoint's transaction. */
export async function recordProjectionException(
  tx: SqlExecutor,
  projection: string,
  recorded: RecordedEvent,
  error: unknown,
): Promise<void> {
  const message = (error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error)).slice(
    0,
    MAX_ERROR_LENGTH,
  );
  await tx.query(
    `INSERT INTO projection_exceptions (projection, position, event_id, event_source, event_type, error)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (projection, position) DO UPDATE SET error = EXCLUDED.error, recorded_at = now()`,
    [projection, recorded.position, String(recorded.event.id), String(recorded.event.source), String(recorded.event.type), message],
  );
}

/** How many events each projection has skipped (projections with none are absent). */
export async function countProjectionExceptions(db: SqlExecutor): Promise<Map<string, number>> {
  if (!(await exceptionsTableExists(db))) return new Map();
  const rows = await db.query<{ projection: string; count: number | string }>(
    'SELECT projection, count(*) AS count FROM projection_exceptions GROUP BY projection',
  );
  return new Map(rows.map((row) => [row.projection, Number(row.count)]));
}

/** The skipped events in store order (then by projection), at most `limit`. */
export async function listProjectionExceptions(db: SqlExecutor, limit = 100): Promise<ProjectionException[]> {
  if (!(await exceptionsTableExists(db))) return [];
  const rows = await db.query<{
    projection: string;
    position: number | string;
    event_id: string;
    event_source: string;
    event_type: string;
    error: string;
    recorded_at: Date | string;
  }>(
    'SELECT projection, position, event_id, event_source, event_type, error, recorded_at FROM projection_exceptions ORDER BY position, projection LIMIT $1',
    [limit],
  );
  return rows.map((row) => ({
    projection: row.projection,
    position: Number(row.position),
    eventId: row.event_id,
    eventSource: row.event_source,
    eventType: row.event_type,
    error: row.error,
    recordedAt: new Date(row.recorded_at).toISOString(),
  }));
}

/** Forgets a projection's skipped events (a rebuild replays them). */
export async function clearProjectionExceptions(db: SqlExecutor, projection: string): Promise<void> {
  await db.query('DELETE FROM projection_exceptions WHERE projection = $1', [projection]);
}

/** Read-only callers (verify, /health) on a database no runner has set up yet see no exceptions. */
async function exceptionsTableExists(db: SqlExecutor): Promise<boolean> {
  const [row] = await db.query<{ present: boolean }>("SELECT to_regclass('projection_exceptions') IS NOT NULL AS present");
  return Boolean(row?.present);
}
