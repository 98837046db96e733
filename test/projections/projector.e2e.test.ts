import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { loadConfig } from '@ledger/platform/config';
import { PROJECTION_MONITOR, type ProjectionMonitor } from '@ledger/platform/projections';
import { ProjectorModule } from '../../apps/projector/src/projector.module';
import { ledgerScenario } from '../support/ledger-scenario';
import { createScratchDatabase, describeWithPostgres } from '../support/postgres';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';

/**
 * SPEC §1 scale-out: the projections run in a projector process of their own and the API, started
 * with RUN_PROJECTIONS=false, follows them through their committed checkpoints: queries see the
 * booked ledger, commands that wait for it (a payout run) wait on the projector, /health shows its lag.
 */
/** The API's /health, once it shows every projection at the store head. */
async function expectEveryProjectionAtTheHead(api: TestApp) {
  const health = await api.http.get('/health').expect(200);
  expect(health.body.projections.map((projection: { name: string; lag: number }) => [projection.name, projection.lag])).toEqual([
    ['attribution', 0],
    ['risk', 0],
    ['ledger', 0],
    ['reports', 0],
  ]);
  return health;
}

describeWithPostgres('projections in a projector process (apps/projector)', () => {
  let scratch: { url: string; drop(): Promise<void> };
  let api: TestApp;
  let projector: INestApplication;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const env = { EVENT_STORE: 'postgres', DATABASE_URL: scratch.url };
    api = await startTestApp({ ...env, RUN_PROJECTIONS: 'false' });
    projector = await NestFactory.create(ProjectorModule.forRoot(loadConfig({ ...env, LOG_LEVEL: 'silent', API_KEYS: '' })), {
      logger: false,
    });
    await projector.init();
  });
  afterAll(async () => {
    await projector?.close();
    await api?.close();
    await scratch?.drop();
  });

  it('the API books nothing itself; the projector does, and the API answers from what it committed', async () => {
    await api.http.post('/v1/events').set(bearer(KEYS.ingest)).send(ledgerScenario()).expect(200);
    const { body: run } = await api.http
      .post('/v1/payout-runs')
      .set(bearer(KEYS.finance))
      .send({ asOf: '2026-04-30T23:59:59Z', minimum: { USD: '50.00' } })
      .expect(201);
    // The run waited for the projector to book everything stored before computing who is paid.
    expect(run.payouts.map((payout: { partnerId: string }) => payout.partnerId)).toContain('P-1');
    // Reads are eventually consistent: the API waits on the projector's checkpoints, as any client may.
    await api.app.get<ProjectionMonitor>(PROJECTION_MONITOR).catchUp();
    const { body: balance } = await api.http.get('/v1/partners/P-1/balance?asOf=2026-04-30').set(bearer(KEYS.finance)).expect(200);
    expect(balance.balances[0]).toMatchObject({ currency: 'USD', payable: '0.00' });

    const health = await expectEveryProjectionAtTheHead(api);
    const own = await request(projector.getHttpServer()).get('/health').expect(200);
    expect(own.body).toMatchObject({
      status: 'ok',
      projections: [{ name: 'attribution' }, { name: 'risk' }, { name: 'ledger' }, { name: 'reports' }],
    });
    // The projector's /metrics counts what it applied; the API's shows the lag it follows.
    const metrics = await request(projector.getHttpServer()).get('/metrics').expect(200);
    const applied = /^ledger_projection_events_applied_total\{projection="ledger"\} (\d+)$/m.exec(metrics.text);
    expect(Number(applied?.[1])).toBe(health.body.eventStore.headPosition);
    const followed = await api.http.get('/metrics').expect(200);
    expect(followed.text).toMatch(/^ledger_projection_lag_events\{projection="ledger"\} 0$/m);
  });

  it('refuses RUN_PROJECTIONS=false on the embedded database, which opens in one process only', () => {
    expect(() => loadConfig({ RUN_PROJECTIONS: 'false' })).toThrow(/RUN_PROJECTIONS: false needs DATABASE_URL/);
  });
});

describeWithPostgres('one projector process per group of projections (PROJECTIONS)', () => {
  let scratch: { url: string; drop(): Promise<void> };
  let api: TestApp;
  const projectors: INestApplication[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const env = { EVENT_STORE: 'postgres', DATABASE_URL: scratch.url };
    api = await startTestApp({ ...env, RUN_PROJECTIONS: 'false' });
    // Started apart, the way separate processes would be: each knows only its own projections.
    for (const projections of ['attribution,risk', 'ledger,reports']) {
      const config = loadConfig({ ...env, PROJECTIONS: projections, LOG_LEVEL: 'silent', API_KEYS: '' });
      const projector = await NestFactory.create(ProjectorModule.forRoot(config), { logger: false });
      await projector.init();
      projectors.push(projector);
    }
  });
  afterAll(async () => {
    for (const projector of projectors) await projector.close();
    await api?.close();
    await scratch?.drop();
  });

  it('each runs only its own, and together they book what a single projector books', async () => {
    await api.http.post('/v1/events').set(bearer(KEYS.ingest)).send(ledgerScenario()).expect(200);
    await api.app.get<ProjectionMonitor>(PROJECTION_MONITOR).catchUp();
    const own = await Promise.all(projectors.map((projector) => request(projector.getHttpServer()).get('/health').expect(200)));
    expect(own.map((health) => health.body.projections.map((projection: { name: string }) => projection.name))).toEqual([
      ['attribution', 'risk'],
      ['ledger', 'reports'],
    ]);
    await expectEveryProjectionAtTheHead(api);
    // The ledger, in the second process, booked the decisions the first one recorded.
    const { body: balance } = await api.http.get('/v1/partners/P-1/balance').set(bearer(KEYS.finance)).expect(200);
    expect(balance.balances[0]).toMatchObject({ currency: 'USD' });
    expect(Number(balance.balances[0].earned)).toBeGreaterThan(0);
  });

  it('refuses a projection name that does not exist, naming PROJECTIONS', () => {
    const config = loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: scratch.url, PROJECTIONS: 'ledgers' });
    expect(() => ProjectorModule.forRoot(config)).toThrow(/^PROJECTIONS: there is no projection "ledgers"/);
  });
});
