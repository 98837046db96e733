import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';
import { cloudEvent } from '../support/events';

const closedWon = (overrides: Record<string, unknown> = {}) =>
  cloudEvent('deal.closed_won', {
    conversionId: 'C-1',
    customerId: 'CU-1',
    accountDomain: 'acme.com',
    amount: { amount: '1234.50', currency: 'USD' },
    ...overrides,
  });

describe('POST /v1/events', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ MAX_BATCH_EVENTS: '5', MAX_BODY_BYTES: '20000' });
  });
  afterEach(async () => t.close());

  const post = (body: unknown, key = KEYS.ingest) =>
    t.http
      .post('/v1/events')
      .set(bearer(key))
      .send(body as object);
  const head = async () => (await t.http.get('/health')).body.eventStore.headPosition as number;

  it('accepts one event and reports its verdict', async () => {
    const event = closedWon();
    const response = await post(event).expect(200);
    expect(response.body).toEqual({ results: [{ id: event.id, source: 'test', status: 'accepted', errors: [], position: 1 }] });
  });

  it('answers duplicate for a resent event and conflict for a changed one, storing neither', async () => {
    const event = cloudEvent('partner.enrolled', { partnerId: 'P-1', name: 'Acme Partners', partnerType: 'reseller' });
    await post(event).expect(200);
    expect((await post(event)).body.results[0]).toMatchObject({ status: 'duplicate', errors: [] });
    const changed = { ...event, data: { ...event.data, partnerType: 'affiliate' } };
    const conflict = (await post(changed)).body.results[0];
    expect(conflict.status).toBe('conflict');
    expect(conflict.errors[0].path).toBe('id');
    expect(conflict.errors[0].message).toMatch(/different content/);
    expect(await head()).toBe(1);
  });

  it('stores the valid events of an array together and never the rejected one', async () => {
    // Non-conversion facts, so the head counts only what this request stored (conversions also
    // make the ledger append its attribution decision).
    const good = [
      cloudEvent('click.recorded', { partnerId: 'P-1', visitorId: 'v-1' }),
      cloudEvent('partner.enrolled', { partnerId: 'P-1', name: 'Acme Partners', partnerType: 'reseller' }),
    ];
    const bad = closedWon({ amount: { amount: 12.5, currency: 'USD' } });
    const response = await post([good[0], bad, good[1]]).expect(200);
    expect(response.body.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(response.body.results[1].errors).toEqual([expect.objectContaining({ path: '[1].data.amount.amount' })]);
    expect(response.body.results[1].errors[0].message).toMatch(/not a JSON number/);
    expect(await head()).toBe(2);
  });

  it('names the field and the reason of every problem of a rejected event', async () => {
    const response = await post({ specversion: '0.3', id: 'x', source: 'crm', type: 'deal.closed_won', data: {} }).expect(200);
    const [result] = response.body.results;
    expect(result).toMatchObject({ id: 'x', source: 'crm', status: 'rejected' });
    const paths = result.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['specversion', 'time', 'data.conversionId', 'data.amount']));
    expect(await head()).toBe(0);
  });

  it("reserves the ledger's own source for the facts it derives", async () => {
    const forged = cloudEvent('deal.rejected', { dealId: 'D-1', reason: 'forged' }, { source: 'partner-ledger' });
    const [result] = (await post(forged).expect(200)).body.results;
    expect(result).toMatchObject({ status: 'rejected', errors: [{ path: 'source', message: expect.stringContaining('reserved') }] });
    expect(await head()).toBe(0);
  });

  it('answers 413 past the batch-size limit and past the body-size limit, storing nothing', async () => {
    const tooMany = Array.from({ length: 6 }, () => closedWon());
    expect((await post(tooMany).expect(413)).body.message).toMatch(/at most 5 events/);
    const huge = closedWon({ conversionId: 'x'.repeat(25000) });
    expect((await post(huge).expect(413)).body.message).toMatch(/exceeds the limit of 20000 bytes/);
    expect(await head()).toBe(0);
  });

  it('answers 400 for a body that is not JSON or an empty array', async () => {
    await t.http.post('/v1/events').set(bearer(KEYS.ingest)).set('Content-Type', 'application/json').send('{"id": ').expect(400);
    await post([]).expect(400);
  });

  it('accepts the CloudEvents structured media type', async () => {
    const response = await t.http
      .post('/v1/events')
      .set(bearer(KEYS.ingest))
      .set('Content-Type', 'application/cloudevents+json')
      .send(JSON.stringify(closedWon()))
      .expect(200);
    expect(response.body.results[0].status).toBe('accepted');
  });

  it('requires a key with the ingest or admin role', async () => {
    await t.http.post('/v1/events').send(closedWon()).expect(401);
    await post(closedWon(), 'not-a-key').expect(401);
    await post(closedWon(), KEYS.finance).expect(403);
    await post(closedWon(), KEYS.partner).expect(403);
    await post(closedWon(), KEYS.admin).expect(200);
  });
});

describe('GET /health and /docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('reports liveness and the store head without a key', async () => {
    const response = await t.http.get('/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', eventStore: { kind: 'embedded', headPosition: 0 } });
  });

  it('serves the OpenAPI document', async () => {
    const response = await t.http.get('/docs-json').expect(200);
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/v1/events', '/health']));
  });
});

describe('restart', () => {
  it('keeps every stored event and still answers duplicate for a resent one', async () => {
    const first = await startTestApp();
    const event = closedWon();
    await first.http.post('/v1/events').set(bearer(KEYS.ingest)).send(event).expect(200);
    await first.close({ keepData: true });

    const second = await startTestApp({}, first.config.dataDir);
    try {
      const response = await second.http.post('/v1/events').set(bearer(KEYS.ingest)).send(event).expect(200);
      expect(response.body.results[0]).toMatchObject({ status: 'duplicate', position: 1 });
    } finally {
      await second.close();
    }
  });
});
