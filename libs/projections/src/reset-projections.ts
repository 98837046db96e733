import type { SqlDatabase } from '@ledger/sql';
import { CHECKPOINT_SCHEMA } from './checkpoint-store';
import type { Projection } from './projection';

/**
 * Empties the read models of the given projections and their checkpoints, so the next start replays
 * the whole store into them. Events are untouched: derived facts already stored are appended again
 * with the same ids and answered `duplicate`.
 */
export async function resetProjections(db: SqlDatabase, projections: readonly Projection[]): Promise<void> {
  await db.exec(CHECKPOINT_SCHEMA);
  for (const projection of projections) {
    if (!projection.reset) throw new Error(`projection ${projection.name} cannot be reset`);
    await projection.reset(db);
    await db.query('DELETE FROM projection_checkpoints WHERE name = $1', [projection.name]);
  }
}
