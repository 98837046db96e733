import fc from 'fast-check';
import type { RecordedEvent } from '@ledger/contracts';
import { LedgerHistory, plusDays, T0 } from '@ledger/ledger/domain/testing/ledger-history';
import { ledgerHistoryArbitrary } from '@ledger/ledger/domain/testing/ledger-arbitraries';
import type { PgliteDatabase } from '@ledger/platform/sql';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';
import { LEDGER_TABLES } from './ledger-tables';
import { LedgerProjection } from './ledger.projection';

/*
 * The projection keeps a bounded part of its state in memory and reads the rest from SQL before
 * each batch (a batch that re-reads every commission, such as a policy change, reads the whole
 * state). Whatever the bound, it must write the same lines, hashes and rows as one holding everything.
 */

let db: PgliteDatabase;

beforeAll(async () => {
  db = await openMemoryDatabase();
});

afterAll(async () => {
  await db.close();
});

/** Every row of the ledger's read model, in a stable order (the outbox's delivery columns aside). */
async function ledgerTables(): Promise<Record<string, string[]>> {
  const rows = await Promise.all(
    LEDGER_TABLES.map(async (table) =>
      (await db.query<Record<string, unknown>>(`SELECT * FROM ${table}`)).map((row) => JSON.stringify(row)).sort(),
    ),
  );
  return Object.fromEntries(LEDGER_TABLES.map((table, index) => [table, rows[index]]));
}

/** Projects `events` in batches of `sizes` (cycled); `cacheLimit` undefined = everything in memory. */
async function project(events: RecordedEvent[], sizes: number[], cacheLimit: number | undefined) {
  const projection = new LedgerProjection({ stateCacheEntities: cacheLimit });
  await projection.reset(db);
  await projection.setUp(db);
  if (cacheLimit !== undefined) await projection.load(db); // hands it the database: memory becomes a bounded cache
  const appended: unknown[] = [];
  let mostHeld = 0;
  for (let start = 0, cut = 0; start < events.length; cut += 1) {
    const end = Math.min(events.length, start + sizes[cut % sizes.length]);
    const step = await projection.apply(events.slice(start, end));
    appended.push(...(step.append ?? []).map((candidate) => candidate.event));
    await db.transaction((tx) => step.write(tx));
    mostHeld = Math.max(mostHeld, projection.heldEntities());
    start = end;
  }
  return { appended, tables: await ledgerTables(), mostHeld };
}

describe('LedgerProjection with a bounded state cache', () => {
  it('writes the same lines, hashes, rows and tier changes as one holding everything, whatever the bound', async () => {
    await fc.assert(
      fc.asyncProperty(
        ledgerHistoryArbitrary,
        fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(0, 3, 20),
        async (history, sizes, cacheLimit) => {
          const whole = await project(history.events, sizes, undefined);
          const bounded = await project(history.events, sizes, cacheLimit);
          expect(bounded.appended).toEqual(whole.appended);
          expect(bounded.tables).toEqual(whole.tables);
          expect(bounded.mostHeld).toBeLessThanOrEqual(cacheLimit);
        },
      ),
      { numRuns: 30 },
    );
  }, 180_000);

  it('a policy change that re-reads every commission is booked from the whole state, then memory is bounded again', async () => {
    const h = new LedgerHistory().enroll('P-1').enroll('P-2');
    h.decide('C-1', '100.00', plusDays(T0, 1), 'P-1');
    h.decide('C-2', '50.00', plusDays(T0, 2), 'P-2');
    h.revise(
      'C-1',
      '100.00',
      plusDays(T0, 1),
      { policyVersion: 'default-v1', credits: 'P-1' },
      { policyVersion: 'v2', credits: 'P-2' },
      plusDays(T0, 3),
    );
    const whole = await project(h.events, [1], undefined);
    const bounded = await project(h.events, [1], 0);
    expect(bounded.tables).toEqual(whole.tables);
    expect(bounded.mostHeld).toBe(0);
    expect(whole.tables.ledger_lines.length).toBeGreaterThan(2); // the revision was booked: reversal and re-booking
  });
});
