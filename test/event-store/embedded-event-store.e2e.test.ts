import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlEventStore } from '@ledger/platform/event-store';
import { PgliteDatabase } from '@ledger/platform/sql';
import { click } from '../support/events';
import { eventStoreContract } from './event-store.contract';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';

describe('embedded event store (PGlite)', () => {
  // Starting PGlite takes seconds; one instance serves the suite, each test in a fresh schema.
  let db: PgliteDatabase;
  let schemas = 0;
  beforeAll(async () => {
    db = await openMemoryDatabase();
  });
  afterAll(async () => db.close());

  eventStoreContract(async () => {
    schemas += 1;
    await db.exec(`CREATE SCHEMA contract_${schemas}; SET search_path TO contract_${schemas}`);
    const store = await SqlEventStore.open(db);
    return {
      store,
      db,
      // PGlite is one in-process database: a second store object over the same instance is the
      // closest thing to a second writer it has.
      openSecondStore: async () => ({ store: await SqlEventStore.open(db, { pollMillis: 50 }), close: () => Promise.resolve() }),
      close: () => store.close(),
    };
  });

  it('keeps every event across a restart and still answers duplicate for a resent one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-embedded-'));
    try {
      const event = click('P-1', 'v-1');
      const first = await PgliteDatabase.open(dir);
      await (await SqlEventStore.open(first)).append([{ streamId: 's', event }]);
      await first.close();

      const reopened = await PgliteDatabase.open(dir);
      const store = await SqlEventStore.open(reopened);
      expect((await store.readAll(0, 10)).map((r) => r.event)).toEqual([event]);
      expect(await store.append([{ streamId: 's', event }])).toEqual([{ status: 'duplicate', position: 1 }]);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
