import { PgliteDatabase } from './pglite-database';
import { PostgresDatabase } from './postgres-database';
import type { SqlDatabase } from './sql-database';
import { embeddedDatabaseDir } from './embedded-location';

export type DatabaseLocation = { kind: 'embedded'; dataDir?: string } | { kind: 'postgres'; url: string };

/**
 * Opens the SQL database that holds the event store (embedded/postgres) and the read models.
 * An embedded one is refused while another live process has the same DATA_DIR open.
 */
export async function openDatabase(location: DatabaseLocation): Promise<SqlDatabase> {
  if (location.kind === 'postgres') return new PostgresDatabase(location.url);
  if (location.dataDir === undefined) return PgliteDatabase.open();
  return PgliteDatabase.open(embeddedDatabaseDir(location.dataDir), {
    description: `the embedded database in DATA_DIR ${location.dataDir}`,
  });
}
