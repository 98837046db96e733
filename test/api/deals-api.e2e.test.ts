import { ProjectionHost } from '@ledger/platform/projections';
import { cloudEvent } from '../support/events';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';

/** SPEC §5: GET and POST /v1/partners/{id}/deals; statuses pending, approved, rejected, expired, won, lost. */
describe('partner deal registration (SPEC §5)', () => {
  let t: TestApp;
  const now = () => new Date().toISOString();
  const ingest = async (events: unknown[]) => {
    const { body } = await t.http.post('/v1/events').set(bearer(KEYS.ingest)).send(events).expect(200);
    expect(body.results.map((result: { status: string }) => result.status)).toEqual(events.map(() => 'accepted'));
    await t.app.get(ProjectionHost).catchUp();
  };
  const register = (partnerId: string, body: object, key = KEYS.partner) =>
    t.http.post(`/v1/partners/${partnerId}/deals`).set(bearer(key)).send(body);
  const deals = async (partnerId: string, key = KEYS.finance) =>
    (await t.http.get(`/v1/partners/${partnerId}/deals`).set(bearer(key)).expect(200)).body as {
      items: Array<Record<string, string | null>>;
      nextCursor: string | null;
    };

  beforeAll(async () => {
    t = await startTestApp();
    await ingest([
      cloudEvent('partner.enrolled', { partnerId: 'P-1', name: 'Northwind', partnerType: 'reseller' }, { time: '2025-01-01T00:00:00Z' }),
      cloudEvent('partner.enrolled', { partnerId: 'P-2', name: 'Southwind', partnerType: 'referral' }, { time: '2025-01-01T00:00:00Z' }),
    ]);
  });
  afterAll(async () => t.close());

  it('registers a deal for the key’s own partner: stored from partner-portal and answered pending', async () => {
    const { body } = await register('P-1', {
      dealId: 'D-1',
      accountDomain: 'WWW.Acme.example',
      estimatedValue: { amount: '12000.00', currency: 'USD' },
    }).expect(201);
    expect(body).toEqual({
      dealId: 'D-1',
      partnerId: 'P-1',
      accountDomain: 'acme.example',
      status: 'pending',
      registeredAt: expect.any(String),
      protectedUntil: expect.any(String),
      reason: null,
      conversionId: null,
    });
    expect(Date.parse(body.protectedUntil) - Date.parse(body.registeredAt)).toBe(90 * 86_400_000);
    const { body: list } = await t.http.get('/v1/partners/P-1/deals').set(bearer(KEYS.partner)).expect(200);
    expect(list).toEqual({ items: [body], nextCursor: null });
  });

  it('answers a conflicting registration rejected with the reason at once', async () => {
    const { body } = await register('P-2', { dealId: 'D-2', accountDomain: 'acme.example' }, KEYS.finance).expect(201);
    expect(body).toMatchObject({ dealId: 'D-2', partnerId: 'P-2', status: 'rejected', protectedUntil: null });
    expect(body.reason).toMatch(/held by partner P-1 \(registration D-1/);
  });

  it('follows approval, closed_won and closed_lost, and expiry', async () => {
    await register('P-1', { dealId: 'D-3', accountDomain: 'lost.example' }).expect(201);
    await ingest([
      cloudEvent('deal.approved', { dealId: 'D-1', protectionDays: 30 }, { source: 'crm', time: now() }),
      cloudEvent('deal.closed_lost', { dealId: 'D-3', reason: 'went with a competitor' }, { source: 'crm', time: now() }),
      cloudEvent(
        'deal.registered',
        { dealId: 'D-0', partnerId: 'P-1', accountDomain: 'old.example' },
        { source: 'crm', time: '2025-02-01T00:00:00Z' },
      ),
    ]);
    let byId = Object.fromEntries((await deals('P-1')).items.map((deal) => [deal.dealId, deal]));
    expect(byId['D-1']).toMatchObject({ status: 'approved', reason: null });
    expect(byId['D-3']).toMatchObject({ status: 'lost', reason: 'went with a competitor' });
    expect(byId['D-0']).toMatchObject({
      status: 'expired',
      protectedUntil: '2025-05-02T00:00:00.000Z',
      reason: 'expired unapproved on 2025-05-02',
    });
    await ingest([
      cloudEvent(
        'deal.closed_won',
        { conversionId: 'C-1', customerId: 'CU-1', accountDomain: 'acme.example', amount: { amount: '1000.00', currency: 'USD' } },
        { source: 'crm', time: now() },
      ),
    ]);
    byId = Object.fromEntries((await deals('P-1', KEYS.analyst)).items.map((deal) => [deal.dealId, deal]));
    expect(byId['D-1']).toMatchObject({ status: 'won', conversionId: 'C-1' });
  });

  it('pages a partner’s registrations in the order they were recorded', async () => {
    const whole = await deals('P-1');
    expect(whole.items.map((deal) => deal.dealId)).toEqual(['D-1', 'D-3', 'D-0']);
    const first = (await t.http.get('/v1/partners/P-1/deals?limit=2').set(bearer(KEYS.finance)).expect(200)).body;
    expect(first.items).toEqual(whole.items.slice(0, 2));
    const second = (await t.http.get(`/v1/partners/P-1/deals?limit=2&cursor=${first.nextCursor}`).set(bearer(KEYS.finance)).expect(200))
      .body;
    expect(second).toEqual({ items: whole.items.slice(2), nextCursor: null });
  });

  it('answers a repeated dealId with its status for the same registration, 409 for another', async () => {
    expect((await register('P-1', { dealId: 'D-3', accountDomain: 'lost.example' }).expect(201)).body.status).toBe('lost');
    await register('P-1', { dealId: 'D-2', accountDomain: 'acme.example' }).expect(409);
  });

  it('refuses invalid registrations with 400 naming the field', async () => {
    const bad = (await register('P-1', { dealId: 'D-9', accountDomain: 'not a domain' }).expect(400)).body;
    expect(bad.errors).toEqual([{ path: 'accountDomain', message: expect.any(String) }]);
    const money = (
      await register('P-1', { dealId: 'D-9', accountDomain: 'ok.example', estimatedValue: { amount: 5, currency: 'USD' } }).expect(400)
    ).body;
    expect(money.errors[0].path).toBe('estimatedValue.amount');
    expect((await register('P-1', { accountDomain: 'ok.example' }).expect(400)).body.errors[0].path).toBe('dealId');
  });

  it('keeps a partner key to its own partner', async () => {
    await t.http.get('/v1/partners/P-2/deals').set(bearer(KEYS.partner)).expect(403);
    await register('P-2', { dealId: 'D-8', accountDomain: 'x.example' }).expect(403);
    await register('P-1', { dealId: 'D-8', accountDomain: 'x.example' }, KEYS.analyst).expect(403);
  });

  it('takes an Idempotency-Key: the same body answers the first response again', async () => {
    const send = (body: object) =>
      t.http.post('/v1/partners/P-1/deals').set(bearer(KEYS.partner)).set('Idempotency-Key', 'reg-7').send(body);
    const first = (await send({ dealId: 'D-7', accountDomain: 'seven.example' }).expect(201)).body;
    expect((await send({ dealId: 'D-7', accountDomain: 'seven.example' }).expect(201)).body).toEqual(first);
    await send({ dealId: 'D-77', accountDomain: 'seven.example' }).expect(422);
  });
});
