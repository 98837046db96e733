import fc from 'fast-check';
import type { RecordedEvent } from '@ledger/contracts';
import { LedgerHistory, plusDays, T0 } from '@ledger/ledger/domain/testing/ledger-history';
import { ledgerHistoryArbitrary } from '@ledger/ledger/domain/testing/ledger-arbitraries';
import type { PgliteDatabase } from '@ledger/platform/sql';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';
import { projectInBatches, tableRows } from '@ledger/platform/projections/testing/project-in-batches';
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

/** Projects `events` in batches of `sizes`; `cacheLimit` undefined = everything in memory. */
async function project(events: RecordedEvent[], sizes: number[], cacheLimit: number | undefined) {
  const projection = new LedgerProjection({ stateCacheEntities: cacheLimit });
  const { appended, mostHeld } = await projectInBatches(projection, db, events, sizes, cacheLimit !== undefined);
  return { appended, tables: await tableRows(db, LEDGER_TABLES), mostHeld };
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
