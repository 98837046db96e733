import { EVENT_STORE, READ_MODEL_DB, type EventStore } from '@ledger/platform/event-store';
import { liveProjections } from '@ledger/composition';
import { ProjectionRunner, resetProjections } from '@ledger/platform/projections';
import type { SqlDatabase } from '@ledger/platform/sql';
import { ProjectionHost } from '@ledger/platform/projections';
import { cloudEvent } from '../support/events';
import { at, usd } from '../support/ledger-scenario';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';

/**
 * SPEC §1: no stored event can stop a projection. A `deal.closed_won` whose amount is not a
 * number cannot pass the API's validation, so it is put straight into the store through the
 * EventStore port, as a bug or an older version of the contract could have left it there. The
 * attribution projection cannot apply it: it is recorded as an exception and skipped, and what
 * comes after it is still attributed and booked.
 */
describe('a poison event in the store (SPEC §1)', () => {
  let t: TestApp;
  let store: EventStore;
  const catchUp = () => t.app.get(ProjectionHost).catchUp();
  const post = async (events: unknown[]) => {
    const { body } = await t.http.post('/v1/events').set(bearer(KEYS.ingest)).send(events).expect(200);
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(events.map(() => 'accepted'));
  };
  const poison = cloudEvent(
    'deal.closed_won',
    { conversionId: 'C-poison', customerId: 'CU-1', accountDomain: 'globex.com', amount: { amount: 'lots', currency: 'USD' } },
    { id: 'poison-1', source: 'crm', time: at('03-02') },
  );

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
  });
  afterAll(async () => t?.close());

  it('is recorded and skipped; later conversions are attributed and booked; /health and verify show it', async () => {
    await post([
      cloudEvent('partner.enrolled', { partnerId: 'P-1', name: 'Acme Partners', partnerType: 'reseller' }, { time: at('03-01') }),
      cloudEvent('click.recorded', { partnerId: 'P-1', visitorId: 'v-1' }, { time: at('03-01') }),
      cloudEvent('customer.identified', { customerId: 'CU-1', visitorId: 'v-1', accountDomain: 'globex.com' }, { time: at('03-01') }),
    ]);
    // The API refuses it...
    const refused = await t.http.post('/v1/events').set(bearer(KEYS.ingest)).send(poison).expect(200);
    expect(refused.body.results[0].status).toBe('rejected');
    // ...so it goes in behind the API's back.
    const [stored] = await store.append([{ streamId: 'conversion-C-poison', event: poison }]);
    expect(stored.status).toBe('accepted');
    await post([
      cloudEvent(
        'deal.closed_won',
        { conversionId: 'C-2', customerId: 'CU-1', accountDomain: 'globex.com', amount: usd('1000.00') },
        { time: at('03-04') },
      ),
    ]);
    await catchUp();

    const attribution = await t.http.get('/v1/conversions/C-2/attribution').set(bearer(KEYS.finance)).expect(200);
    expect(attribution.body.credits).toEqual([
      expect.objectContaining({ partnerId: 'P-1', weight: '1', revenue: '1000.00', commission: '200.00' }),
    ]);
    const balance = await t.http.get('/v1/partners/P-1/balance?asOf=2026-03-31').set(bearer(KEYS.finance)).expect(200);
    expect(balance.body.balances).toEqual([expect.objectContaining({ currency: 'USD', pending: '200.00', earned: '200.00' })]);
    await t.http.get('/v1/conversions/C-poison/attribution').set(bearer(KEYS.finance)).expect(404);

    const health = await t.http.get('/health').expect(503);
    expect(health.body).toMatchObject({ status: 'degraded', exceptions: 1 });
    expect(health.body.projections.find((p: { name: string }) => p.name === 'attribution')).toMatchObject({
      state: 'running',
      exceptions: 1,
      lag: 0,
    });

    const verify = await t.http.get('/v1/ledger/verify').set(bearer(KEYS.finance)).expect(200);
    expect(verify.body).toMatchObject({ ok: false, problemCount: 0, exceptionCount: 1 });
    expect(verify.body.exceptions).toEqual([
      {
        projection: 'attribution',
        position: stored.position,
        eventId: 'poison-1',
        eventSource: 'crm',
        eventType: 'deal.closed_won',
        error: expect.stringContaining('lots'),
        recordedAt: expect.any(String),
      },
    ]);

    // More events keep flowing past it.
    await post([
      cloudEvent(
        'deal.closed_won',
        { conversionId: 'C-3', customerId: 'CU-1', accountDomain: 'globex.com', amount: usd('500.00') },
        { time: at('03-05') },
      ),
    ]);
    await catchUp();
    const third = await t.http.get('/v1/conversions/C-3/attribution').set(bearer(KEYS.finance)).expect(200);
    expect(third.body.credits).toEqual([expect.objectContaining({ partnerId: 'P-1', revenue: '500.00' })]);
  });

  it('a rebuild forgets the exceptions and tries the event again (recorded again while it still cannot be applied)', async () => {
    const db = t.app.get<SqlDatabase>(READ_MODEL_DB);
    await t.app.get(ProjectionHost).onApplicationShutdown();
    const projections = liveProjections();
    await resetProjections(db, projections);
    const [cleared] = await db.query<{ count: string | number }>('SELECT count(*) AS count FROM projection_exceptions');
    expect(Number(cleared.count)).toBe(0);

    const runners = projections.map((projection) => new ProjectionRunner(projection, store, db));
    try {
      for (const runner of runners) await runner.start();
      const head = await store.headPosition();
      for (const runner of runners) await runner.waitFor(head);
      expect(runners.map((runner) => [runner.status.name, runner.status.exceptions])).toEqual([
        ['attribution', 1],
        ['risk', 0],
        ['ledger', 0],
        ['reports', 0],
      ]);
      // Same result as live: the conversions after the poison are booked.
      const [lines] = await db.query<{ count: string | number }>("SELECT count(*) AS count FROM ledger_lines WHERE partner_id = 'P-1'");
      expect(Number(lines.count)).toBeGreaterThan(0);
    } finally {
      for (const runner of runners) await runner.stop();
    }
  });
});
