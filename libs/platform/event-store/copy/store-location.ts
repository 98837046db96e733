import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '@ledger/platform/sql';
import type { EventStore } from '../event-store.port';
import { EventStoreDbEventStore } from '../eventstoredb/eventstoredb-event-store';
import { redactConnectionString } from '../eventstoredb/connection-string';
import { SqlEventStore } from '../sql/sql-event-store';

/** Where a store lives: the same three kinds as EVENT_STORE, located like DATA_DIR, DATABASE_URL and EVENTSTORE_URL. */
export type StoreLocation =
  { kind: 'embedded'; dataDir: string } | { kind: 'postgres'; url: string } | { kind: 'eventstoredb'; url: string; namespace?: string };

/** What a command line gives for one side (`--from*` or `--to*`); `option` is that prefix, for messages. */
export interface LocationOptions {
  option: string;
  kind?: string;
  url?: string;
  dataDir?: string;
  namespace?: string;
}

/** The location the options describe, or an error naming the option and what is wrong. */
export function storeLocation(options: LocationOptions, defaultDataDir: string): StoreLocation {
  const { option, kind } = options;
  if (!kind) throw new Error(`${option}: is required (embedded, postgres or eventstoredb)`);
  if (kind !== 'eventstoredb' && options.namespace !== undefined)
    throw new Error(`${option}-namespace: only applies to ${option} eventstoredb`);
  switch (kind) {
    case 'embedded':
      if (options.url !== undefined) throw new Error(`${option}-url: an embedded store has no URL; use ${option}-data-dir`);
      return { kind, dataDir: resolve(options.dataDir ?? defaultDataDir) };
    case 'postgres':
    case 'eventstoredb':
      if (options.dataDir !== undefined) throw new Error(`${option}-data-dir: only applies to ${option} embedded; use ${option}-url`);
      if (!options.url) throw new Error(`${option}-url: is required for ${option} ${kind}`);
      return kind === 'postgres' ? { kind, url: options.url } : { kind, url: options.url, namespace: options.namespace };
    default:
      throw new Error(`${option}: must be embedded, postgres or eventstoredb, got "${kind}"`);
  }
}

/** For people reading the output: no passwords. */
export function describeLocation(location: StoreLocation): string {
  switch (location.kind) {
    case 'embedded':
      return `embedded store in ${location.dataDir}`;
    case 'postgres':
      return `postgres ${location.url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@')}`;
    case 'eventstoredb':
      return `eventstoredb ${redactConnectionString(location.url)} (namespace ${location.namespace ?? 'ledger'})`;
  }
}

export function sameLocation(a: StoreLocation, b: StoreLocation): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'embedded') return a.dataDir === (b as typeof a).dataDir;
  if (a.kind === 'postgres') return a.url === (b as typeof a).url;
  return a.url === (b as typeof a).url && (a.namespace ?? 'ledger') === ((b as typeof a).namespace ?? 'ledger');
}

export interface OpenedStore {
  store: EventStore;
  description: string;
  close(): Promise<void>;
}

/**
 * Opens a store for copying. A source must already exist: an embedded directory without a
 * database would otherwise be created empty and "copied" as nothing.
 */
export async function openStoreAt(location: StoreLocation, role: { option: string; mustExist: boolean }): Promise<OpenedStore> {
  const description = describeLocation(location);
  if (location.kind === 'eventstoredb') {
    const store = await EventStoreDbEventStore.connect(location.url, { namespace: location.namespace, urlVariable: `${role.option}-url` });
    return { store, description, close: () => store.close() };
  }
  if (location.kind === 'embedded' && role.mustExist && !existsSync(join(location.dataDir, 'pglite'))) {
    throw new Error(`${role.option}-data-dir: no embedded store in ${location.dataDir} (expected ${join(location.dataDir, 'pglite')})`);
  }
  const db = await openDatabase(
    location.kind === 'embedded' ? { kind: 'embedded', dataDir: location.dataDir } : { kind: 'postgres', url: location.url },
  );
  try {
    const store = await SqlEventStore.open(db);
    return {
      store,
      description,
      close: async () => {
        await store.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${role.option}: cannot open ${description}: ${reason}`);
  }
}
