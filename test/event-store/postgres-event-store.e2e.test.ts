import { SqlEventStore } from '@ledger/platform/event-store';
import { PostgresDatabase } from '@ledger/platform/sql';
import { createScratchDatabase, describeWithPostgres } from '../support/postgres';
import { eventStoreContract } from './event-store.contract';

describeWithPostgres('postgres event store (real PostgreSQL server)', () => {
  eventStoreContract(async () => {
    const scratch = await createScratchDatabase();
    const db = new PostgresDatabase(scratch.url);
    const store = await SqlEventStore.open(db);
    const others: PostgresDatabase[] = [];
    return {
      store,
      db,
      openSecondStore: async () => {
        const otherDb = new PostgresDatabase(scratch.url);
        others.push(otherDb);
        return { store: await SqlEventStore.open(otherDb, { pollMillis: 50 }), close: () => Promise.resolve() };
      },
      close: async () => {
        await store.close();
        await db.close();
        for (const other of others) await other.close();
        await scratch.drop();
      },
    };
  });
});
