import { join } from 'node:path';
import { PgliteDatabase } from './pglite-database';
import { PostgresDatabase } from './postgres-database';
import type { SqlDatabase } from './sql-database';

export type DatabaseLocation = { kind: 'embedded'; dataDir?: string } | { kind: 'postgres'; url: string };

/** Opens the SQL database that holds the event store (embedded/postgres) and the read models. */
export async function openDatabase(location: DatabaseLocation): Promise<SqlDatabase> {
  if (location.kind === 'postgres') return new PostgresDatabase(location.url);
  return PgliteDatabase.open(location.dataDir === undefined ? undefined : join(location.dataDir, 'pglite'));
}
