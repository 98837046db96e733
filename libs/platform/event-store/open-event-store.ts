import type { AppConfig } from '@ledger/platform/config';
import { openDatabase, type SqlDatabase } from '@ledger/platform/sql';
import type { EventStore } from './event-store.port';
import { LedgerFactGuard } from './ledger-fact-guard';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
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
export async function openStorage(
  config: Pick<AppConfig, 'eventStore' | 'dataDir' | 'databaseUrl' | 'eventStoreUrl' | 'eventStoreNamespace'>,
): Promise<StorageHandles> {
  // EventStoreDB first: an unreachable or misconfigured server stops start-up before any database opens.
  const server =
    config.eventStore === 'eventstoredb'
      ? await EventStoreDbEventStore.connect(config.eventStoreUrl, { namespace: config.eventStoreNamespace })
      : undefined;
  const databases: SqlDatabase[] = [];
  const open = async (location: Parameters<typeof openDatabase>[0]) => {
    const db = await openDatabase(location);
    databases.push(db);
    return db;
  };
  const readModels = config.databaseUrl
    ? await open({ kind: 'postgres', url: config.databaseUrl })
    : await open({ kind: 'embedded', dataDir: config.dataDir });
  const eventDb = () =>
    config.eventStore === 'postgres' || !config.databaseUrl ? readModels : open({ kind: 'embedded', dataDir: config.dataDir });
  // Every writer goes through the guard: the ledger's own facts are checked like upstream input.
  const eventStore = new LedgerFactGuard(server ?? (await SqlEventStore.open(await eventDb())));
  return {
    eventStore,
    readModels,
    close: async () => {
      await eventStore.close();
      for (const db of databases) await db.close();
    },
  };
}
