import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENT_STORE, type EventStore } from '@ledger/platform/event-store';
import { ProjectionHost } from '@ledger/platform/projections';
import { cloudEvent } from '../support/events';
import { ledgerScenario, usd } from '../support/ledger-scenario';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';

/**
 * One test per bug the fuzz suite (test/fuzz) found, each failing on the code before its fix:
 * answers that were 500, requests the API accepted and then could not carry out, facts it stored
 * and then could not apply.
 */
describe('fuzz findings (issue 14)', () => {
  let t: TestApp;
  const head = () => t.app.get<EventStore>(EVENT_STORE).headPosition();
  const catchUp = () => t.app.get(ProjectionHost).catchUp();
  const health = async () => (await t.http.get('/health')).body as { status: string; exceptions: number };
  const post = (path: string, body: unknown, key = KEYS.finance) =>
    t.http
      .post(path)
      .set(bearer(key))
      .send(body as object);

  beforeAll(async () => {
    t = await startTestApp();
    const { body } = await post('/v1/events', ledgerScenario(), KEYS.ingest).expect(200);
    expect(body.results.filter((result: { status: string }) => result.status !== 'accepted')).toEqual([]);
    await catchUp();
  });
  afterAll(async () => t?.close());

  it('an event whose time has an offset beyond ±15:59 is stored and applied (PostgreSQL refused it: 500)', async () => {
    const event = cloudEvent(
      'partner.enrolled',
      { partnerId: 'P-far', name: 'Far Away', partnerType: 'affiliate' },
      { time: '2026-03-04T08:00:00-16:00' },
    );
    const { body } = await post('/v1/events', [event], KEYS.ingest).expect(200);
    expect(body.results[0]).toMatchObject({ status: 'accepted' });
    await catchUp();
    expect(await health()).toMatchObject({ status: 'ok', exceptions: 0 });
    // The envelope keeps the time as sent.
    const [stored] = await t.app.get<EventStore>(EVENT_STORE).readAll(body.results[0].position - 1, 1);
    expect(stored.event.time).toBe('2026-03-04T08:00:00-16:00');
  });

  it('a conversion on 9999-12-31 is applied: its payable date is the last instant, not year 10000 (the ledger skipped it)', async () => {
    const facts = [
      cloudEvent('click.recorded', { partnerId: 'P-1', visitorId: 'v-last' }, { time: '9999-12-30T00:00:00Z' }),
      cloudEvent('customer.identified', { customerId: 'CU-last', visitorId: 'v-last' }, { time: '9999-12-30T00:00:00Z' }),
      cloudEvent(
        'deal.closed_won',
        { conversionId: 'C-last', customerId: 'CU-last', accountDomain: 'last.example', amount: usd('100.00') },
        { time: '9999-12-31T00:00:00Z' },
      ),
    ];
    await post('/v1/events', facts, KEYS.ingest).expect(200);
    await catchUp();
    expect(await health()).toMatchObject({ status: 'ok', exceptions: 0 });
    const { body } = await t.http.get('/v1/partners/P-1/statement?from=9999-12-01&to=9999-12-31').set(bearer(KEYS.finance)).expect(200);
    expect(body.lines.map((line: { payableAt: string }) => line.payableAt)).toContain('9999-12-31T23:59:59.999Z');
  });

  it('an adopted time_decay policy is applied to conversions with clicks of two partners (shares over 40 digits were refused, every decision skipped)', async () => {
    const facts = [
      cloudEvent('click.recorded', { partnerId: 'P-1', visitorId: 'v-two' }, { time: '2026-02-01T12:00:00Z' }),
      cloudEvent('click.recorded', { partnerId: 'P-3', visitorId: 'v-two' }, { time: '2026-02-04T12:00:00Z' }),
      cloudEvent('customer.identified', { customerId: 'CU-two', visitorId: 'v-two' }, { time: '2026-02-04T12:00:00Z' }),
      cloudEvent(
        'deal.closed_won',
        { conversionId: 'C-two', customerId: 'CU-two', accountDomain: 'two.example', amount: usd('700.00') },
        { time: '2026-02-09T12:00:00Z' },
      ),
    ];
    await post('/v1/events', facts, KEYS.ingest).expect(200);
    await catchUp();
    await post('/v1/attribution/policies', {
      policy: { version: 'decay-0.37', model: 'time_decay', halfLifeDays: 0.37 },
      effectiveFrom: '2026-01-01',
    }).expect(201);
    await catchUp();
    expect(await health()).toMatchObject({ status: 'ok', exceptions: 0 });
    const { body } = await t.http.get('/v1/conversions/C-two/attribution').set(bearer(KEYS.finance)).expect(200);
    expect(body.policyVersion).toBe('decay-0.37');
    expect(body.credits.map((credit: { partnerId: string }) => credit.partnerId).sort()).toEqual(['P-1', 'P-3']);
  });

  it('a policy whose day counts no date can hold is refused by name (adopted, a protection of 2^53-1 days stopped attribution)', async () => {
    const before = await head();
    for (const [field, value] of [
      ['protectionDays', 2 ** 53 - 1],
      ['clickWindowDays', 3651],
    ] as const) {
      const { body } = await post('/v1/attribution/policies', {
        policy: { version: `huge-${field}`, [field]: value },
        effectiveFrom: '2026-01-01',
      }).expect(400);
      expect(body.errors).toEqual([{ path: `policy.${field}`, message: expect.stringMatching(/from \d to 3650/) }]);
    }
    expect(await head()).toBe(before);
  });

  it('a plan whose hold or recurring window no date can hold is refused by name (the simulation was accepted, then failed)', async () => {
    for (const [field, value, bound] of [
      ['recurringMonths', 2 ** 53 - 1, 1200],
      ['holdDays', 2 ** 53 - 1, 3650],
    ] as const) {
      const { body } = await post(
        '/v1/simulations',
        { plan: { version: 'p', [field]: value, rates: [{ rate: '0.1' }] } },
        KEYS.analyst,
      ).expect(400);
      expect(body.errors).toEqual([{ path: `plan.${field}`, message: expect.stringContaining(`from 0 to ${bound}`) }]);
    }
  });

  it('a body field named "constructor" is refused by name (class-transformer threw: 500), and nothing is stored', async () => {
    const before = await head();
    const { body } = await post('/v1/adjustments', {
      partnerId: 'P-1',
      amount: { constructor: 1, amount: '1.00', currency: 'USD' },
      reason: 'x',
    }).expect(400);
    expect(body.errors).toEqual([{ path: 'amount.constructor', message: expect.stringMatching(/is not a money field/) }]);
    await post('/v1/payout-runs', { minimum: { USD: '1.00' }, constructor: 1 }).expect(400);
    expect(await head()).toBe(before);
  });

  it('POST /v1/events without a JSON body, or with an empty array, is a 400 listing its problem like every other 400', async () => {
    const unread = await t.http.post('/v1/events').set(bearer(KEYS.ingest)).set('Content-Type', 'text/plain').send('{}');
    expect({ status: unread.status, errors: unread.body.errors }).toEqual({
      status: 400,
      errors: [{ path: '', message: expect.stringMatching(/expected a JSON body/) }],
    });
    const empty = await post('/v1/events', [], KEYS.ingest);
    expect({ status: empty.status, errors: empty.body.errors }).toEqual({
      status: 400,
      errors: [{ path: '', message: 'the array holds no events' }],
    });
  });

  it.each(['%ZZ', '%', '%FF', '%C0%AE'])(
    'a path segment with broken percent-encoding (%s) is a 400 listing its problem (it had no errors)',
    async (segment) => {
      // Raw HTTP: a client library would re-encode the "%".
      const server = t.app.getHttpServer() as http.Server;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<{ status: number; body: { errors?: unknown } }>((resolve, reject) => {
        const request = http.get(
          { host: '127.0.0.1', port, path: `/v1/partners/${segment}/balance`, headers: bearer(KEYS.finance) },
          (response) => {
            let text = '';
            response.on('data', (chunk) => (text += chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
          },
        );
        request.on('error', reject);
      });
      expect(answer).toEqual({
        status: 400,
        body: expect.objectContaining({
          errors: [{ path: '', message: expect.stringContaining(`"${segment}" is not valid percent-encoded UTF-8`) }],
        }),
      });
    },
  );
});
