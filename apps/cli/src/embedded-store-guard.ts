import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '@ledger/platform/config';
import { assertEmbeddedDatabaseFree as assertDataDirFree, DirectoryInUseError, embeddedDatabaseDir } from '@ledger/platform/sql';
import { CliError } from './cli-error';

export { embeddedDatabaseDir } from '@ledger/platform/sql';

/** The embedded database holds the events (EVENT_STORE=embedded) or the read models (no DATABASE_URL). */
export function usesEmbeddedDatabase(config: Pick<AppConfig, 'eventStore' | 'databaseUrl'>): boolean {
  return config.eventStore === 'embedded' || !config.databaseUrl;
}

/** How messages name the embedded database of a DATA_DIR (the same words @ledger/sql uses when it refuses one). */
export function describeEmbeddedDatabase(dataDir: string): string {
  return `the embedded database in DATA_DIR ${dataDir}`;
}

/**
 * Fails fast, before any start-up work, when another live process holds DATA_DIR's embedded
 * database. The lock itself is taken by @ledger/sql when the database opens (so the API and the
 * ingestor refuse it too); this only turns the common case into a message without Nest around it.
 */
export function assertEmbeddedDatabaseFree(config: Pick<AppConfig, 'eventStore' | 'databaseUrl' | 'dataDir'>): void {
  if (!usesEmbeddedDatabase(config)) return;
  try {
    assertDataDirFree(config.dataDir);
  } catch (error) {
    throw error instanceof DirectoryInUseError ? new CliError(error.message) : error;
  }
}

/**
 * Commands that only read (or rebuild) must not create an empty database where a wrong DATA_DIR
 * points: PGlite would happily initialise one there.
 */
export function assertEmbeddedDatabaseExists(config: Pick<AppConfig, 'eventStore' | 'databaseUrl' | 'dataDir'>): void {
  if (!usesEmbeddedDatabase(config)) return;
  if (existsSync(join(embeddedDatabaseDir(config.dataDir), 'PG_VERSION'))) return;
  throw new CliError(
    `there is no embedded store in DATA_DIR ${config.dataDir} (wrong DATA_DIR or --data-dir? \`ledger demo\` or the API create one)`,
  );
}
