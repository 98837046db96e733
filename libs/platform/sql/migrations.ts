import { createHash } from 'node:crypto';
import type { SqlDatabase, SqlExecutor } from './sql-database';

/**
 * One numbered, immutable schema change. Ids sort in the order they apply within their owner
 * (`ledger/0001-journal`, `ledger/0002-…`); once released a migration is never edited — a later
 * one changes what it did — and its checksum makes an edit fail loudly instead of drifting.
 */
export interface Migration {
  id: string;
  sql: string;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id          text        PRIMARY KEY,
  checksum    text        NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
)`;
/** pg_advisory_xact_lock key: one migrator at a time across processes sharing a database. */
const MIGRATION_LOCK = 7_355_608_001;
/** `owner/0001-what`: the owner is the module that declares the list, the number orders it. */
const MIGRATION_ID = /^[a-z][a-z0-9-]*\/\d{4}-[a-z0-9-]+$/;

export class MigrationChecksumError extends Error {
  constructor(id: string) {
    super(`migration ${id} was changed after it was applied; add a new migration instead of editing a released one`);
    this.name = 'MigrationChecksumError';
  }
}

const checksum = (migration: Migration) => createHash('sha256').update(migration.sql, 'utf8').digest('hex');

/**
 * Applies, in order, each migration not applied yet, each in its own transaction with its record,
 * and returns the ids it applied. Already applied ones are only checked against their checksum.
 */
export async function migrate(db: SqlDatabase, migrations: readonly Migration[]): Promise<string[]> {
  checkMigrationList(migrations);
  await ensureMigrationTable(db);
  // One read answers the usual start (nothing to do) without taking the lock.
  const known = new Map(
    (await db.query<{ id: string; checksum: string }>('SELECT id, checksum FROM schema_migrations')).map((row) => [row.id, row.checksum]),
  );
  const applied: string[] = [];
  for (const migration of migrations) {
    const recorded = known.get(migration.id);
    if (recorded !== undefined) {
      if (recorded !== checksum(migration)) throw new MigrationChecksumError(migration.id);
      continue;
    }
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      // Another process may have applied it while this one waited for the lock.
      const [row] = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE id = $1', [migration.id]);
      if (row) {
        if (row.checksum !== checksum(migration)) throw new MigrationChecksumError(migration.id);
        return false;
      }
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)', [migration.id, checksum(migration)]);
      return true;
    });
    if (done) applied.push(migration.id);
  }
  return applied;
}

/** Forgets that these migrations ran (a rebuild dropped their tables), so the next `migrate` creates them again. */
export async function forgetMigrations(db: SqlExecutor, migrations: readonly Migration[]): Promise<void> {
  await db.exec(SCHEMA);
  await db.query('DELETE FROM schema_migrations WHERE id = ANY($1::text[])', [migrations.map((migration) => migration.id)]);
}

/** Two processes creating the table at once can collide in the catalogue even with IF NOT EXISTS: create it under the lock. */
async function ensureMigrationTable(db: SqlDatabase): Promise<void> {
  const [row] = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (row?.present) return;
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(SCHEMA);
  });
}

/** A list whose ids are malformed, repeated or out of order is a programming error: refuse it before touching the database. */
function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (!MIGRATION_ID.test(migration.id))
      throw new Error(`migration id ${JSON.stringify(migration.id)} is not of the form owner/0001-name`);
    const previous = migrations[index - 1];
    if (previous && previous.id.split('/')[0] === migration.id.split('/')[0] && previous.id >= migration.id) {
      throw new Error(
        `migration ${migration.id} is listed after ${previous.id}: each owner's migrations are listed in id order, once each`,
      );
    }
  });
}
