import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '@ledger/platform/config';
import { openStorage } from '@ledger/platform/event-store';
import { liveProjections } from '@ledger/composition';
import { resetProjections } from '@ledger/platform/projections';
import { acquireDirectoryLock, openDatabase } from '@ledger/platform/sql';
import { CliError, usageError } from '../cli-error';
import { describeStorage } from '../cli-config';
import { assertEmbeddedDatabaseFree, describeEmbeddedDatabase, embeddedDatabaseDir } from '../embedded-store-guard';

/**
 * The demo writes a whole program's history, so it only runs on an empty store: it never mixes
 * synthetic facts into real ones. `--fresh` deletes the embedded database first (events and read
 * models; the admin key file under DATA_DIR is kept). Other stores are append-only by design, so
 * they are never wiped: point the configuration at an empty one instead.
 */
export async function ensureEmptyStore(config: AppConfig, fresh: boolean, log: (line: string) => void): Promise<void> {
  assertEmbeddedDatabaseFree(config);
  if (fresh) {
    if (config.eventStore !== 'embedded') {
      throw usageError(
        `--fresh only deletes the embedded store, and EVENT_STORE is ${config.eventStore}; point it at an empty store instead (the ledger never deletes events)`,
      );
    }
    // Under the directory's lock, so a process that opens it meanwhile is refused rather than emptied.
    const lock = await acquireDirectoryLock(embeddedDatabaseDir(config.dataDir), describeEmbeddedDatabase(config.dataDir));
    try {
      rmSync(embeddedDatabaseDir(config.dataDir), { recursive: true, force: true });
    } finally {
      lock.release();
    }
    if (config.databaseUrl) {
      // Events are gone; read models kept in PostgreSQL would describe them still.
      const db = await openDatabase({ kind: 'postgres', url: config.databaseUrl });
      try {
        await resetProjections(db, liveProjections());
      } finally {
        await db.close();
      }
    }
    log(`--fresh: deleted the embedded database in ${embeddedDatabaseDir(config.dataDir)}`);
    return;
  }
  // A data directory without a database holds no events: no need to create one just to look.
  if (config.eventStore === 'embedded' && !existsSync(join(embeddedDatabaseDir(config.dataDir), 'PG_VERSION'))) return;
  const storage = await openStorage(config);
  try {
    const head = await storage.eventStore.headPosition();
    if (head === 0) return;
    const hint =
      config.eventStore === 'embedded'
        ? 'add --fresh to delete it first (the admin key is kept), or choose another --data-dir'
        : 'point the configuration at an empty store (the ledger never deletes events)';
    throw new CliError(
      `${describeStorage(config)} already holds ${head.toLocaleString('en-US')} events and the demo only loads into an empty store: ${hint}`,
    );
  } finally {
    await storage.close();
  }
}
