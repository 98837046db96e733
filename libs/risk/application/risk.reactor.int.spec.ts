import fc from 'fast-check';
import { RISK_FLAGGED, type RecordedEvent } from '@ledger/contracts';
import { RISK_TABLES } from '@ledger/risk/read-model';
import { aggressive, programArbitrary } from '@ledger/risk/domain/testing/risk-programs';
import { screenHistory } from '@ledger/risk/domain/testing/screened-history';
import type { PgliteDatabase } from '@ledger/platform/sql';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';
import { projectInBatches, tableRows } from '@ledger/platform/projections/testing/project-in-batches';
import { RiskReactor } from './risk.reactor';

/*
 * The reactor keeps a bounded part of its screening state in memory and reads the rest from SQL
 * before each batch. Whatever the bound and the batching, it must raise the same flags and leave
 * the same rows as a reactor that holds everything.
 */

let db: PgliteDatabase;

beforeAll(async () => {
  db = await openMemoryDatabase();
});

afterAll(async () => {
  await db.close();
});

/** Screens `stored` in batches of `sizes`; `cacheLimit` undefined = everything in memory. */
async function screen(stored: RecordedEvent[], sizes: number[], cacheLimit: number | undefined) {
  const reactor = new RiskReactor({ risk: { policy: aggressive }, stateCacheEntities: cacheLimit });
  const { appended, mostHeld } = await projectInBatches(reactor, db, stored, sizes, cacheLimit !== undefined);
  return { flags: appended, tables: await tableRows(db, RISK_TABLES), mostHeld };
}

describe('RiskReactor with a bounded state cache', () => {
  it('raises the same flags and leaves the same rows as one holding everything, whatever the bound and the batches', async () => {
    await fc.assert(
      fc.asyncProperty(
        programArbitrary,
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(0, 3, 20),
        async (program, sizes, cacheLimit) => {
          // The store as the live reactors leave it: decisions after their conversions, flags after their decisions.
          const { stored } = screenHistory(program, { risk: { policy: aggressive } });
          const whole = await screen(stored, [stored.length], undefined);
          const bounded = await screen(stored, sizes, cacheLimit);
          expect(bounded.flags).toEqual(whole.flags);
          expect(bounded.tables).toEqual(whole.tables);
          expect(bounded.mostHeld).toBeLessThanOrEqual(cacheLimit);
        },
      ),
      { numRuns: 30 },
    );
  }, 180_000);

  it('the random programs raise flags, so the property above is not vacuous', () => {
    const flagged = fc
      .sample(programArbitrary, { numRuns: 30, seed: 11 })
      .filter((program) => screenHistory(program, { risk: { policy: aggressive } }).stored.some((e) => e.event.type === RISK_FLAGGED));
    expect(flagged.length).toBeGreaterThan(5);
  });
});
