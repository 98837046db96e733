import type { AppConfig } from '@ledger/config';
import { openDatabase, type SqlDatabase } from '@ledger/sql';
import type { EventStore } from './event-store.port';
import { SqlEventStore } from './sql/sql-event-store';

export interface StorageHandles {
  eventStore: EventStore;
  /** Where read models and projection checkpoints live. */
  readModels: SqlDatabase;
  close(): Promise<void>;
}

/**
 * Opens the configured event store and the read-model database. The embedded adapter and the
 * read models share one PGlite instance (a PGlite directory can only be opened once).
 */
export async function openStorage(config: Pick<AppConfig, 'eventStore' | 'dataDir' | 'databaseUrl'>): Promise<StorageHandles> {
  if (config.eventStore === 'eventstoredb') {
    throw new Error('EVENT_STORE=eventstoredb: the EventStoreDB adapter is not part of this release yet; use embedded or postgres');
  }
  const databases: SqlDatabase[] = [];
  const open = async (location: Parameters<typeof openDatabase>[0]) => {
    const db = await openDatabase(location);
    databases.push(db);
    return db;
  };
  const readModels = config.databaseUrl
    ? await open({ kind: 'postgres', url: config.databaseUrl })
    : await open({ kind: 'embedded', dataDir: config.dataDir });
  const eventDb = config.eventStore === 'postgres' || !config.databaseUrl ? readModels : await open({ kind: 'embedded', dataDir: config.dataDir });
  const eventStore = await SqlEventStore.open(eventDb);
  return {
    eventStore,
    readModels,
    close: async () => {
      await eventStore.close();
      for (const db of databases) await db.close();
    },
  };
}
