import type { SqlDatabase } from '@ledger/platform/sql';
import { CHECKPOINT_SCHEMA, clearProjectionExceptions } from './checkpoint-store';
import type { Projection } from './projection';

/**
 * Empties the read models of the given projections, their checkpoints and the events they
 * recorded as exceptions, so the next start replays the whole store into them: an event skipped
 * before is tried again (after a fix it applies; otherwise it is recorded again). Events are
 * untouched: derived facts already stored are appended again with the same ids and answered
 * `duplicate`.
 */
export async function resetProjections(db: SqlDatabase, projections: readonly Projection[]): Promise<void> {
  await db.exec(CHECKPOINT_SCHEMA);
  for (const projection of projections) {
    if (!projection.reset) throw new Error(`projection ${projection.name} cannot be reset`);
    await projection.reset(db);
    await db.query('DELETE FROM projection_checkpoints WHERE name = $1', [projection.name]);
    await clearProjectionExceptions(db, projection.name);
  }
}
