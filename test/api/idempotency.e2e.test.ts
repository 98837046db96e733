import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '@ledger/platform/event-store';
import { ProjectionHost } from '@ledger/platform/projections';
import { ledgerScenario, usd } from '../support/ledger-scenario';
import { createScratchDatabase, describeWithPostgres } from '../support/postgres';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';

/** How many events of `type` the store holds. */
async function countRecorded(t: TestApp, type: string): Promise<number> {
  const store = t.app.get<EventStore>(EVENT_STORE);
  let count = 0;
  for (let after = 0; ;) {
    const batch = await store.readAll(after, 1000);
    if (batch.length === 0) return count;
    count += batch.filter((record) => record.event.type === type).length;
    after = batch[batch.length - 1].position;
  }
}

/**
 * SPEC §5 "Retries are safe": every finance command sent twice, in a row and in parallel, with
 * one Idempotency-Key records once and answers the same; another body is 422; a restart in
 * between changes nothing.
 */
describe('Idempotency-Key on recording POSTs', () => {
  let dataDir: string;
  let t: TestApp;
  let keyCounter = 0;
  const newKey = () => `retry-${process.pid}-${++keyCounter}-${Date.now()}`;

  const post = (path: string, body: object, key?: string, apiKey = KEYS.finance) => {
    const request = t.http.post(path).set(bearer(apiKey));
    if (key !== undefined) request.set('Idempotency-Key', key);
    return request.send(body);
  };
  const recorded = (type: string) => countRecorded(t, type);
  const catchUp = () => t.app.get(ProjectionHost).catchUp();

  const adjustment = (amount = '10.00') => ({ partnerId: 'P-3', amount: usd(amount), reason: 'goodwill for a missed click' });
  const payoutRun = { asOf: '2026-03-20T13:00:00Z', minimum: { USD: '50.00', EUR: '100.00' } };
  const adoption = (version: string) => ({
    policy: { version, model: 'first_click' },
    effectiveFrom: '2026-02-01',
    reason: 'first click from February',
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-idempotency-'));
    t = await startTestApp({}, dataDir);
    const { body } = await t.http.post('/v1/events').set(bearer(KEYS.ingest)).send(ledgerScenario()).expect(200);
    expect(body.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
    await catchUp();
  });
  afterAll(async () => {
    await t?.close({ keepData: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('adjustment: sent twice in a row, then three times at once, each key records one adjustment and answers the first response', async () => {
    const before = await recorded('adjustment.recorded');
    const key = newKey();
    const first = await post('/v1/adjustments', adjustment(), key).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await post('/v1/adjustments', adjustment(), key).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await recorded('adjustment.recorded')).toBe(before + 1);

    const parallelKey = newKey();
    const answers = await Promise.all([1, 2, 3].map(() => post('/v1/adjustments', adjustment('11.00'), parallelKey)));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.body.adjustmentId)).size).toBe(1);
    expect(answers.map((answer) => answer.body)).toEqual([answers[0].body, answers[0].body, answers[0].body]);
    expect(await recorded('adjustment.recorded')).toBe(before + 2);
  });

  it('adjustment: without the header, a resent request records again (as before)', async () => {
    const before = await recorded('adjustment.recorded');
    await post('/v1/adjustments', adjustment('1.00')).expect(201);
    await post('/v1/adjustments', adjustment('1.00')).expect(201);
    expect(await recorded('adjustment.recorded')).toBe(before + 2);
  });

  it('payout run: two identical runs at once with one key record one run; both get its answer', async () => {
    const before = await recorded('payout.run_scheduled');
    const key = newKey();
    const [a, b] = await Promise.all([post('/v1/payout-runs', payoutRun, key), post('/v1/payout-runs', payoutRun, key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    expect(a.body.payouts.length).toBeGreaterThan(0);
    expect(await recorded('payout.run_scheduled')).toBe(before + 1);
    const later = await post('/v1/payout-runs', payoutRun, key).expect(201);
    expect(later.body).toEqual(a.body);
    expect(await recorded('payout.run_scheduled')).toBe(before + 1);
  });

  it('policy adoption: twice at once and once more later with one key record one adoption', async () => {
    const before = await recorded('attribution.policy_adopted');
    const key = newKey();
    const [a, b] = await Promise.all([
      post('/v1/attribution/policies', adoption('first-click-retry'), key),
      post('/v1/attribution/policies', adoption('first-click-retry'), key),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    await post('/v1/attribution/policies', adoption('first-click-retry'), key).expect(201, a.body);
    expect(await recorded('attribution.policy_adopted')).toBe(before + 1);
    await catchUp();
  });

  it('simulation: the same key answers the same simulation; another key starts another', async () => {
    const body = { policy: { version: 'sim-first-click', model: 'first_click' }, from: '2026-02-01' };
    const key = newKey();
    const [a, b] = await Promise.all([post('/v1/simulations', body, key, KEYS.analyst), post('/v1/simulations', body, key, KEYS.analyst)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(b.body.id).toBe(a.body.id);
    const other = await post('/v1/simulations', body, newKey(), KEYS.analyst).expect(202);
    expect(other.body.id).not.toBe(a.body.id);
  });

  it('answers 422 naming the header when a key comes back with another body, method or path, and records nothing', async () => {
    const key = newKey();
    await post('/v1/adjustments', adjustment('12.00'), key).expect(201);
    const before = await recorded('adjustment.recorded');
    const otherBody = await post('/v1/adjustments', adjustment('12.01'), key).expect(422);
    expect(otherBody.body.message).toMatch(/^Idempotency-Key: this key was already used for a different request/);
    expect(otherBody.body.errors).toEqual([{ path: 'Idempotency-Key', message: 'already used for a different request' }]);
    await post('/v1/payout-runs', payoutRun, key).expect(422);
    expect(await recorded('adjustment.recorded')).toBe(before);
    expect(await recorded('payout.run_scheduled')).toBeGreaterThan(0);
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const key = newKey();
    const first = await post('/v1/adjustments', { partnerId: 'P-3', amount: usd('13.00'), reason: 'order' }, key).expect(201);
    await post('/v1/adjustments', { reason: 'order', amount: { currency: 'USD', amount: '13.00' }, partnerId: 'P-3' }, key).expect(
      201,
      first.body,
    );
  });

  it('keeps each API key’s Idempotency-Keys apart', async () => {
    const key = newKey();
    const before = await recorded('adjustment.recorded');
    const finance = await post('/v1/adjustments', adjustment('14.00'), key).expect(201);
    const admin = await post('/v1/adjustments', adjustment('14.00'), key, KEYS.admin).expect(201);
    expect(admin.body.adjustmentId).not.toBe(finance.body.adjustmentId);
    expect(await recorded('adjustment.recorded')).toBe(before + 2);
  });

  it('keeps no failed answer: a refused request can be corrected and sent again with its key', async () => {
    const key = newKey();
    const refused = await post('/v1/adjustments', { partnerId: 'ghost', amount: usd('1.00'), reason: 'x' }, key).expect(400);
    expect(refused.body.errors[0].path).toBe('partnerId');
    await post('/v1/adjustments', { partnerId: 'ghost', amount: usd('1.00'), reason: 'x' }, key).expect(400);
    await post('/v1/adjustments', adjustment('15.00'), key).expect(201);
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['with a space', 'two words'],
  ])('refuses an Idempotency-Key that is %s with 400 naming it', async (_case, key) => {
    const before = await recorded('adjustment.recorded');
    const response = await post('/v1/adjustments', adjustment('16.00'), key).expect(400);
    expect(response.body.message).toMatch(/^Idempotency-Key: must be 1 to 255 visible ASCII characters/);
    expect(await recorded('adjustment.recorded')).toBe(before);
  });

  it('lists the header on every recording POST in the OpenAPI document', async () => {
    const { body } = await t.http.get('/docs-json').expect(200);
    for (const path of ['/v1/adjustments', '/v1/payout-runs', '/v1/attribution/policies', '/v1/simulations']) {
      const parameters = body.paths[path].post.parameters as Array<{ name: string; in: string; required: boolean }>;
      expect(parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false })]),
      );
      expect(body.paths[path].post.responses['422']).toBeDefined();
    }
    expect(body.paths['/v1/events'].post.parameters ?? []).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key' })]),
    );
  });

  it('answers a retry after a restart exactly as before it, recording nothing new', async () => {
    const adjustmentKey = newKey();
    const payoutKey = newKey();
    const firstAdjustment = await post('/v1/adjustments', adjustment('17.00'), adjustmentKey).expect(201);
    const firstRun = await post('/v1/payout-runs', { ...payoutRun, asOf: '2026-04-15T00:00:00Z' }, payoutKey).expect(201);
    const adjustments = await recorded('adjustment.recorded');
    const runs = await recorded('payout.run_scheduled');

    await t.close({ keepData: true });
    t = await startTestApp({}, dataDir);

    const again = await post('/v1/adjustments', adjustment('17.00'), adjustmentKey).expect(201);
    expect(again.body).toEqual(firstAdjustment.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    await post('/v1/payout-runs', { ...payoutRun, asOf: '2026-04-15T00:00:00Z' }, payoutKey).expect(201, firstRun.body);
    await post('/v1/adjustments', adjustment('17.01'), adjustmentKey).expect(422);
    expect(await recorded('adjustment.recorded')).toBe(adjustments);
    expect(await recorded('payout.run_scheduled')).toBe(runs);
  });
});

/** The same guarantees where requests really run side by side: PostgreSQL, a pool of connections. */
describeWithPostgres('Idempotency-Key with PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  let t: TestApp;
  let env: Record<string, string>;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-idempotency-pg-'));
    database = await createScratchDatabase();
    env = { EVENT_STORE: 'postgres', DATABASE_URL: database.url };
    t = await startTestApp(env, dataDir);
    await t.http.post('/v1/events').set(bearer(KEYS.ingest)).send(ledgerScenario()).expect(200);
  });
  afterAll(async () => {
    await t?.close({ keepData: true });
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('records one adjustment for five identical requests at once, and answers the same after a restart', async () => {
    const count = () => countRecorded(t, 'adjustment.recorded');
    const body = { partnerId: 'P-3', amount: usd('10.00'), reason: 'parallel retries' };
    const send = () => t.http.post('/v1/adjustments').set(bearer(KEYS.finance)).set('Idempotency-Key', 'pg-parallel-1').send(body);
    const answers = await Promise.all([1, 2, 3, 4, 5].map(send));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    const recorded = await count();

    await t.close({ keepData: true });
    t = await startTestApp(env, dataDir);
    const again = await send().expect(201);
    expect(again.body).toEqual(answers[0].body);
    expect(await count()).toBe(recorded);
  });
});
