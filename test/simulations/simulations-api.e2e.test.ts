import { EVENT_STORE, type EventStore } from '@ledger/platform/event-store';
import { ProjectionHost } from '@ledger/platform/projections';
import { ledgerScenario } from '../support/ledger-scenario';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';

describe('simulations through the API (SPEC §5)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.http.post('/v1/events').set(bearer(KEYS.ingest)).send(ledgerScenario()).expect(200);
    await t.app.get(ProjectionHost).catchUp();
  });
  afterAll(async () => t.close());

  async function finished(id: string, query = '') {
    for (let attempt = 0; attempt < 200; attempt++) {
      const { body } = await t.http.get(`/v1/simulations/${id}${query}`).set(bearer(KEYS.analyst)).expect(200);
      if (body.status !== 'running') return body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('simulation did not finish');
  }

  it('replays under a wider click window: one conversion changes, per partner and in total, and nothing is written', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const head = await store.headPosition();
    const before = (await t.http.get('/v1/ledger/verify').set(bearer(KEYS.finance)).expect(200)).body.ledgerHash;

    const started = await t.http
      .post('/v1/simulations')
      .set(bearer(KEYS.analyst))
      .send({ policy: { version: 'window-90', clickWindowDays: 90 } })
      .expect(202);
    expect(started.body).toEqual({ id: expect.stringMatching(/^sim_/), status: 'running' });
    const body = await finished(started.body.id);

    expect(body).toMatchObject({ status: 'done', progress: 1, policyVersion: 'window-90', planVersion: 'default-v1' });
    expect(body.result).toMatchObject({ conversionsChanged: 1, page: 1, pages: 1 });
    expect(body.result.conversions).toEqual([
      {
        conversionId: 'C-8',
        conversionTime: '2026-03-15T12:00:00.000Z',
        currency: 'USD',
        amount: '400.00',
        current: [],
        simulated: [{ partnerId: 'P-2', weight: '1', revenue: '400.00', commission: '80.00' }],
      },
    ]);
    expect(body.result.partners).toContainEqual(
      expect.objectContaining({
        partnerId: 'P-2',
        currency: 'USD',
        currentRevenue: '0.00',
        simulatedRevenue: '400.00',
        currentCommission: '0.00',
        simulatedCommission: '80.00',
        commissionDelta: '80.00',
      }),
    );
    expect(body.result.totals).toContainEqual({
      currency: 'USD',
      currentRevenue: '4899.99',
      simulatedRevenue: '5299.99',
      currentCommission: '1045.00',
      simulatedCommission: '1125.00',
      commissionDelta: '80.00',
    });

    expect(await store.headPosition()).toBe(head);
    expect((await t.http.get('/v1/ledger/verify').set(bearer(KEYS.finance)).expect(200)).body.ledgerHash).toBe(before);

    const csv = await t.http.get(`/v1/simulations/${started.body.id}?format=csv`).set(bearer(KEYS.finance)).expect(200);
    expect(csv.text.trim().split('\n')).toEqual([
      'conversion_id,conversion_time,currency,amount,partner_id,current_weight,simulated_weight,current_revenue,simulated_revenue,current_commission,simulated_commission,current_credits,simulated_credits',
      'C-8,2026-03-15T12:00:00.000Z,USD,400.00,P-2,0,1,0,400.00,,80.00,,P-2:1:400.00:80.00',
    ]);
  });

  it('a plan alone changes commissions, not credits, and pages the changed conversions', async () => {
    const started = await t.http
      .post('/v1/simulations')
      .set(bearer(KEYS.finance))
      .send({ plan: { version: 'flat-25', rates: [{ rate: '0.25' }] }, from: '2026-02-01T00:00:00Z' })
      .expect(202);
    const body = await finished(started.body.id, '?pageSize=2&page=2');
    expect(body.result).toMatchObject({ conversionsChanged: 5, page: 2, pageSize: 2, pages: 3 });
    expect(body.result.conversions).toHaveLength(2);
    const p1 = body.result.partners.find((p: { partnerId: string }) => p.partnerId === 'P-1');
    expect(p1).toMatchObject({
      currentRevenue: '4800.00',
      simulatedRevenue: '4800.00',
      currentCommission: '1025.00',
      simulatedCommission: '1200.00',
      commissionDelta: '175.00',
    });
  });

  it('names every problem of a bad request, and answers 404 and 403 as it should', async () => {
    const bad = await t.http
      .post('/v1/simulations')
      .set(bearer(KEYS.analyst))
      .send({ policy: { model: 'most_clicks' }, plan: { version: 'x', rates: [] }, from: 'soon', budget: 1 })
      .expect(400);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'budget', message: expect.stringContaining('is not a field') },
        { path: 'policy.version', message: 'is required' },
        { path: 'policy.model', message: expect.stringContaining('must be one of') },
        { path: 'plan.rates', message: expect.stringContaining('non-empty array') },
        { path: 'from', message: expect.stringContaining('ISO 8601') },
      ]),
    );
    await t.http.get('/v1/simulations/sim_nope').set(bearer(KEYS.analyst)).expect(404);
    await t.http.post('/v1/simulations').set(bearer(KEYS.partner)).send({}).expect(403);
    await t.http.post('/v1/simulations').set(bearer(KEYS.ingest)).send({}).expect(403);
  });
});
