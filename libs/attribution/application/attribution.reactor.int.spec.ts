import fc from 'fast-check';
import type { RecordedEvent } from '@ledger/contracts';
import { historyArbitrary } from '@ledger/attribution/domain/testing/arbitraries';
import { TOUCH_STATE_TABLE } from '@ledger/attribution/read-model';
import type { PgliteDatabase } from '@ledger/platform/sql';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';
import { projectInBatches } from '@ledger/platform/projections/testing/project-in-batches';
import { AttributionReactor } from './attribution.reactor';

/*
 * The reactor keeps a bounded part of its touch state in memory and reads the rest from SQL
 * before each batch. Whatever the bound and the batching, it must record the same facts and
 * leave the same rows as a reactor that holds everything.
 */

let db: PgliteDatabase;

beforeAll(async () => {
  db = await openMemoryDatabase();
});

afterAll(async () => {
  await db.close();
});

/** Runs `events` through a fresh reactor in batches of `sizes`; `cacheLimit` undefined = everything in memory. */
async function project(events: RecordedEvent[], sizes: number[], cacheLimit: number | undefined) {
  const reactor = new AttributionReactor({ stateCacheEntities: cacheLimit });
  const { appended, mostHeld } = await projectInBatches(reactor, db, events, sizes, cacheLimit !== undefined);
  return {
    appended,
    stateRows: await db.query(`SELECT kind, key, value FROM ${TOUCH_STATE_TABLE.table} ORDER BY kind, key`),
    decisionRows: await db.query('SELECT conversion_id, cause_id, policy_version, decision FROM attribution_decisions ORDER BY cause_id'),
    mostHeld,
  };
}

describe('AttributionReactor with a bounded state cache', () => {
  it('records the same decisions and rejections and leaves the same rows as one holding everything, whatever the bound and the batches', async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary,
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(0, 2, 10, 60),
        async (events, cuts, cacheLimit) => {
          const whole = await project(events, [events.length], undefined);
          const bounded = await project(events, cuts, cacheLimit);
          expect(bounded.appended).toEqual(whole.appended);
          expect(bounded.stateRows).toEqual(whole.stateRows);
          expect(bounded.decisionRows).toEqual(whole.decisionRows);
          expect(bounded.mostHeld).toBeLessThanOrEqual(cacheLimit);
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000);

  it('reads what a batch needs from SQL: a conversion credits a click recorded many batches earlier, with nothing held in between', async () => {
    const at = (day: number) => `2026-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;
    const events: RecordedEvent[] = [
      ['partner.enrolled', at(1), { partnerId: 'P-1', name: 'P-1', partnerType: 'affiliate' }],
      ['click.recorded', at(2), { partnerId: 'P-1', visitorId: 'V-1' }],
      ['customer.identified', at(3), { customerId: 'C-1', visitorId: 'V-1' }],
      [
        'deal.closed_won',
        at(4),
        { conversionId: 'W-1', customerId: 'C-1', accountDomain: 'acme.com', amount: { amount: '100.00', currency: 'USD' } },
      ],
    ].map(([type, time, data], index) => ({
      position: index + 1,
      streamId: String(type),
      revision: 0,
      recordedAt: String(time),
      event: { specversion: '1.0', id: `evt-${index + 1}`, source: 'crm', type: String(type), time: String(time), data: data as object },
    }));
    const bounded = await project(events, [1], 0);
    const decision = bounded.appended.at(-1) as { data: { credits: Array<{ partnerId: string; weight: string }> } };
    expect(decision.data.credits).toEqual([expect.objectContaining({ partnerId: 'P-1', weight: '1' })]);
    expect(bounded.mostHeld).toBe(0);
  });
});
