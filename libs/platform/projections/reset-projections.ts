import { forgetMigrations, migrate, type Migration, type SqlDatabase } from '@ledger/platform/sql';
import { clearProjectionExceptions } from './checkpoint-store';
import { PROJECTION_RUNTIME_MIGRATIONS } from './migrations';
import type { Projection } from './projection';

/**
 * Empties the read models of the given projections, their checkpoints and the events they
 * recorded as exceptions, so the next start replays the whole store into them: an event skipped
 * before is tried again (after a fix it applies; otherwise it is recorded again). Events are
 * untouched: derived facts already stored are appended again with the same ids and answered
 * `duplicate`.
 */
export async function resetProjections(db: SqlDatabase, projections: readonly Projection[]): Promise<void> {
  await migrate(db, PROJECTION_RUNTIME_MIGRATIONS);
  for (const projection of projections) {
    if (!projection.reset) throw new Error(`projection ${projection.name} cannot be reset`);
    await projection.reset(db);
    await db.query('DELETE FROM projection_checkpoints WHERE name = $1', [projection.name]);
    await clearProjectionExceptions(db, projection.name);
  }
}

/**
 * Drops a projection's tables and forgets the migrations that made them, in one transaction, so
 * the next set-up migrates them afresh (to the current schema, whatever the dropped one was).
 * `tables` must name every table `migrations` creates: one left behind would make the next
 * set-up fail on creating it again.
 */
export async function dropReadModel(db: SqlDatabase, tables: readonly string[], migrations: readonly Migration[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec(tables.map((table) => `DROP TABLE IF EXISTS ${table};`).join('\n'));
    await forgetMigrations(tx, migrations);
  });
}
