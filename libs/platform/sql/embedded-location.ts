import { join } from 'node:path';
import { DirectoryInUseError, directoryHolder, lockFileOf } from './directory-lock';

/** Where the embedded database lives under DATA_DIR. */
export function embeddedDatabaseDir(dataDir: string): string {
  return join(dataDir, 'pglite');
}

/**
 * Refuses, with DirectoryInUseError, a DATA_DIR whose embedded database another live process
 * holds. Opening the database checks this anyway (and atomically); calling it first lets an app
 * fail with one line before its framework starts.
 */
export function assertEmbeddedDatabaseFree(dataDir: string): void {
  const directory = embeddedDatabaseDir(dataDir);
  const holder = directoryHolder(directory);
  if (holder) throw new DirectoryInUseError(`the embedded database in DATA_DIR ${dataDir}`, holder, lockFileOf(directory));
}
