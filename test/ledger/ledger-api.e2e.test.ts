import { EVENT_STORE, READ_MODEL_DB, type EventStore } from '@ledger/platform/event-store';
import { AttributionReactor } from '@ledger/attribution/application';
import { LedgerProjection, VerifyLedgerHandler } from '@ledger/ledger/read-model';
import { ProjectionRunner } from '@ledger/platform/projections';
import { type SqlDatabase } from '@ledger/platform/sql';
import { ProjectionHost } from '@ledger/platform/projections';
import { cloudEvent } from '../support/events';
import { at, ledgerScenario as scenario, usd } from '../support/ledger-scenario';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';

const balanceOf = async (t: TestApp, partnerId: string, query: string, key = KEYS.finance) => {
  const { body } = await t.http.get(`/v1/partners/${partnerId}/balance?${query}`).set(bearer(key)).expect(200);
  return body as { partnerId: string; balances: Array<Record<string, string>> };
};

const zero = {
  pending: '0.00',
  payable: '0.00',
  held: '0.00',
  paid: '0.00',
  earned: '0.00',
  clawedBack: '0.00',
  adjustments: '0.00',
  inTransit: '0.00',
};

describe('ledger through the API (SPEC §4, §5)', () => {
  let t: TestApp;
  let store: EventStore;
  const catchUp = () => t.app.get(ProjectionHost).catchUp();

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    const { body } = await t.http.post('/v1/events').set(bearer(KEYS.ingest)).send(scenario()).expect(200);
    expect(body.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
    await catchUp();
  });
  afterAll(async () => t.close());

  it.each([
    ['2026-02-28', { ...zero, currency: 'USD', pending: '700.00', earned: '700.00' }],
    ['2026-03-06', { ...zero, currency: 'USD', pending: '750.00', earned: '950.00', clawedBack: '200.00' }],
    ['2026-03-20T13:00:00Z', { ...zero, currency: 'USD', pending: '425.00', payable: '400.00', earned: '1025.00', clawedBack: '200.00' }],
    ['2026-04-15', { ...zero, currency: 'USD', payable: '775.00', earned: '1025.00', clawedBack: '250.00' }],
  ])('P-1 balance as of %s matches the hand-worked figures', async (asOf, expected) => {
    const body = await balanceOf(t, 'P-1', `asOf=${asOf}`);
    expect(body.balances).toEqual([expected]);
  });

  it('keeps currencies apart and rounds each line half-even (20 % of 99.99 is 20.00)', async () => {
    expect((await balanceOf(t, 'P-2', 'asOf=2026-03-10')).balances).toEqual([
      { ...zero, currency: 'EUR', payable: '160.00', earned: '160.00' },
    ]);
    expect((await balanceOf(t, 'P-3', 'asOf=2026-03-15')).balances).toEqual([
      { ...zero, currency: 'USD', payable: '20.00', earned: '20.00' },
    ]);
  });

  it('knownAt shows what the ledger knew then: nothing before the events were recorded', async () => {
    expect((await balanceOf(t, 'P-1', 'asOf=2026-04-15&knownAt=2026-01-01T00:00:00Z')).balances).toEqual([]);
  });

  it('records the promotion to silver with its reason; the next conversion earns 25 %', async () => {
    const { body } = await t.http.get('/v1/partners/P-1/tier').set(bearer(KEYS.analyst)).expect(200);
    expect(body).toMatchObject({ partnerId: 'P-1', tier: 'silver', since: '2026-02-20T12:00:00.000Z' });
    expect(body.progress).toMatchObject({
      next: 'gold',
      sourcedConversions: 4,
      requirements: [
        { metric: 'sourcedConversions', required: '10', actual: '4', met: false },
        { metric: 'creditedRevenue', required: '50000.00', actual: '4800.00', currency: 'USD', met: false },
      ],
    });
    expect(body.history.map((h: { to: string; reason: string }) => [h.to, h.reason])).toEqual([
      ['registered', 'enrolled as reseller partner'],
      ['silver', 'reached silver: 3 sourced conversions by 2026-02-20, 1 certification by 2026-01-10'],
    ]);
    const stored = (await store.readStream('partner-P-1')).map((r) => r.event.type);
    expect(stored).toEqual(['partner.enrolled', 'partner.certified', 'partner.tier_changed']);
  });

  it('statement lists every line with its cause and a running balance, as JSON and CSV', async () => {
    const { body } = await t.http.get('/v1/partners/P-1/statement?from=2026-02-01&to=2026-03-10').set(bearer(KEYS.finance)).expect(200);
    expect(
      body.lines.map((l: Record<string, string>) => [l.date.slice(0, 10), l.kind, l.conversionId, l.tier, l.amount, l.runningBalance]),
    ).toEqual([
      ['2026-02-10', 'accrual', 'C-1', 'registered', '200.00', '200.00'],
      ['2026-02-15', 'accrual', 'C-2', 'registered', '400.00', '600.00'],
      ['2026-02-20', 'accrual', 'C-3', 'registered', '100.00', '700.00'],
      ['2026-03-01', 'accrual', 'C-4', 'silver', '250.00', '950.00'],
      ['2026-03-05', 'clawback', 'C-2', 'registered', '-200.00', '750.00'],
      ['2026-03-10', 'accrual', 'INV-1', 'silver', '75.00', '825.00'],
    ]);
    expect(body.lines[0]).toMatchObject({
      policyVersion: 'default-v1',
      planVersion: 'default-v1',
      rate: '0.2',
      payableAt: '2026-03-12T12:00:00.000Z',
      cause: { type: 'attribution.decided' },
    });
    expect(body.lines[4].cause).toMatchObject({ type: 'invoice.refunded', source: 'test' });
    expect(body.currencies).toEqual([{ currency: 'USD', opening: '0.00', closing: '825.00' }]);

    const later = await t.http.get('/v1/partners/P-1/statement?from=2026-03-06').set(bearer(KEYS.partner)).expect(200);
    expect(later.body.currencies[0].opening).toBe('750.00');

    const csv = await t.http
      .get('/v1/partners/P-1/statement?from=2026-02-01&to=2026-03-10&format=csv')
      .set(bearer(KEYS.finance))
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csv.text.trim().split('\n');
    expect(rows[0]).toMatch(/^date,currency,kind,description,debit,credit,amount,running_balance,payable_at,recorded_at,conversion_id/);
    expect(rows).toHaveLength(7);
    expect(rows[5]).toContain(',clawback,');
    // SPEC §5: a cell beginning with "-" is written with a leading "'", negative amounts included.
    expect(rows[5]).toContain(",'-200.00,750.00,");
  });

  it('a partner key sees only its own partner; other roles as SPEC §5 says', async () => {
    await t.http.get('/v1/partners/P-1/balance').set(bearer(KEYS.partner)).expect(200);
    await t.http.get('/v1/partners/P-2/balance').set(bearer(KEYS.partner)).expect(403);
    await t.http.get('/v1/partners/P-2/statement').set(bearer(KEYS.partner)).expect(403);
    await t.http.get('/v1/partners/P-1/statement').set(bearer(KEYS.analyst)).expect(403);
    await t.http.get('/v1/partners/P-1/balance').expect(401);
    await t.http
      .post('/v1/payout-runs')
      .set(bearer(KEYS.analyst))
      .send({ minimum: { USD: '1.00' } })
      .expect(403);
    await t.http.get('/v1/ledger/verify').set(bearer(KEYS.partner)).expect(403);
  });

  it('answers 404 for an unknown partner and 400 naming a bad parameter', async () => {
    await t.http.get('/v1/partners/nobody/balance').set(bearer(KEYS.finance)).expect(404);
    const bad = await t.http.get('/v1/partners/P-1/balance?asOf=yesterday').set(bearer(KEYS.finance)).expect(400);
    expect(bad.body.errors).toEqual([{ path: 'asOf', message: expect.stringContaining('"yesterday" is not an ISO 8601 date-time') }]);
    const format = await t.http.get('/v1/partners/P-1/statement?format=xml').set(bearer(KEYS.finance)).expect(400);
    expect(format.body.errors[0].path).toBe('format');
  });

  describe('payout runs, confirmations, failures and adjustments', () => {
    let firstRun: { payouts: Array<{ payoutId: string; partnerId: string; currency: string; amount: string }> };

    beforeAll(async () => {
      const response = await t.http
        .post('/v1/payout-runs')
        .set(bearer(KEYS.finance))
        .send({ asOf: '2026-03-20T13:00:00Z', minimum: { USD: '50.00', EUR: '100.00' } })
        .expect(201);
      firstRun = response.body;
    });

    it('pays every partner whose payable balance reaches the minimum of its currency', () => {
      expect(firstRun.payouts.map(({ partnerId, currency, amount }) => ({ partnerId, currency, amount }))).toEqual([
        { partnerId: 'P-1', currency: 'USD', amount: '400.00' },
        { partnerId: 'P-2', currency: 'EUR', amount: '160.00' },
      ]);
    });

    it('confirmed payouts are paid; a failed one is payable again; a second run pays what is left', async () => {
      const [p1, p2] = firstRun.payouts;
      await t.http
        .post('/v1/events')
        .set(bearer(KEYS.ingest))
        .send([
          cloudEvent('payout.paid', { payoutId: p1.payoutId }, { source: 'payments', time: at('03-22') }),
          cloudEvent('payout.failed', { payoutId: p2.payoutId, reason: 'IBAN closed' }, { source: 'payments', time: at('03-23') }),
        ])
        .expect(200);
      await catchUp();
      expect((await balanceOf(t, 'P-1', 'asOf=2026-04-15')).balances).toEqual([
        { ...zero, currency: 'USD', payable: '375.00', paid: '400.00', earned: '1025.00', clawedBack: '250.00' },
      ]);
      expect((await balanceOf(t, 'P-2', 'asOf=2026-04-15')).balances).toEqual([
        { ...zero, currency: 'EUR', payable: '160.00', earned: '160.00' },
      ]);

      const second = await t.http
        .post('/v1/payout-runs')
        .set(bearer(KEYS.finance))
        .send({ asOf: '2026-04-15T00:00:00Z', minimum: { USD: '50.00', EUR: '100.00' } })
        .expect(201);
      expect(second.body.payouts.map(({ partnerId, amount }: { partnerId: string; amount: string }) => [partnerId, amount])).toEqual([
        ['P-1', '375.00'],
        ['P-2', '160.00'],
      ]);
      await catchUp();
      expect((await balanceOf(t, 'P-1', 'asOf=2026-04-15')).balances[0]).toMatchObject({
        payable: '0.00',
        paid: '775.00',
        inTransit: '375.00',
      });
    });

    it('an adjustment carries its reason and the acting key, and is payable at once', async () => {
      const response = await t.http
        .post('/v1/adjustments')
        .set(bearer(KEYS.finance))
        .send({ partnerId: 'P-3', amount: { amount: '35.00', currency: 'USD' }, reason: 'missed click in February' })
        .expect(201);
      expect(response.body).toMatchObject({ partnerId: 'P-3', reason: 'missed click in February', actor: { role: 'finance' } });
      await catchUp();
      const now = new Date().toISOString();
      expect((await balanceOf(t, 'P-3', `asOf=${now}`)).balances).toEqual([
        { ...zero, currency: 'USD', payable: '55.00', earned: '20.00', adjustments: '35.00' },
      ]);
      const statement = await t.http.get('/v1/partners/P-3/statement').set(bearer(KEYS.finance)).expect(200);
      expect(statement.body.lines.at(-1)).toMatchObject({
        kind: 'adjustment',
        description: 'manual adjustment of 35.00 USD: missed click in February',
        actor: `finance key ${response.body.actor.keyId}`,
      });
    });

    it('refuses bad payout and adjustment requests, naming the field', async () => {
      const noMinimum = await t.http.post('/v1/payout-runs').set(bearer(KEYS.finance)).send({ asOf: '2026-04-01T00:00:00Z' }).expect(400);
      expect(noMinimum.body.errors).toEqual([{ path: 'minimum', message: 'is required' }]);
      const future = await t.http
        .post('/v1/payout-runs')
        .set(bearer(KEYS.finance))
        .send({ asOf: '2999-01-01T00:00:00Z', minimum: { USD: '1.00' } })
        .expect(400);
      expect(future.body.errors[0]).toMatchObject({ path: 'asOf', message: expect.stringContaining('future') });
      const badMinimum = await t.http
        .post('/v1/payout-runs')
        .set(bearer(KEYS.finance))
        .send({ minimum: { USD: 50 } })
        .expect(400);
      expect(badMinimum.body.errors[0]).toMatchObject({ path: 'minimum.USD' });
      const unknown = await t.http
        .post('/v1/adjustments')
        .set(bearer(KEYS.finance))
        .send({ partnerId: 'ghost', amount: usd('1.00'), reason: 'x' })
        .expect(400);
      expect(unknown.body.errors).toEqual([{ path: 'partnerId', message: 'partner "ghost" was never enrolled' }]);
      const zeroAmount = await t.http
        .post('/v1/adjustments')
        .set(bearer(KEYS.finance))
        .send({ partnerId: 'P-1', amount: usd('0.00'), reason: 'x' })
        .expect(400);
      expect(zeroAmount.body.errors).toEqual([{ path: 'amount.amount', message: 'must be greater than zero' }]);
      const noReason = await t.http
        .post('/v1/adjustments')
        .set(bearer(KEYS.finance))
        .send({ partnerId: 'P-1', amount: usd('-1.00') })
        .expect(400);
      expect(noReason.body.errors).toEqual([{ path: 'reason', message: 'is required' }]);
    });
  });

  describe('audit', () => {
    it('verify passes, and a rebuild of every projection from the store reproduces the same lines and ledger hash', async () => {
      await catchUp();
      const verified = await t.http.get('/v1/ledger/verify').set(bearer(KEYS.finance)).expect(200);
      expect(verified.body).toMatchObject({ ok: true, problems: [], problemCount: 0 });
      expect(verified.body.checked.lines).toBeGreaterThan(20);

      const head = await store.headPosition();
      const fresh = await openMemoryDatabase();
      const runners = [
        new ProjectionRunner(new AttributionReactor(), store, fresh),
        new ProjectionRunner(new LedgerProjection(), store, fresh),
      ];
      try {
        for (const runner of runners) await runner.start();
        for (const runner of runners) await runner.waitFor(head);
        expect(await store.headPosition()).toBe(head);
        const rebuilt = await new VerifyLedgerHandler(fresh).execute();
        expect(rebuilt).toMatchObject({ ok: true, ledgerHash: verified.body.ledgerHash });
        const lines = (db: SqlDatabase) => db.query('SELECT * FROM ledger_lines ORDER BY partner_id, seq');
        expect(await lines(fresh)).toEqual(await lines(t.app.get<SqlDatabase>(READ_MODEL_DB)));
      } finally {
        for (const runner of runners) await runner.stop();
        await fresh.close();
      }
    });

    it('refuses to update a line, and verify catches and names a line altered behind its back', async () => {
      const db = t.app.get<SqlDatabase>(READ_MODEL_DB);
      const [target] = await db.query<{ line_id: string }>(
        "SELECT line_id FROM ledger_lines WHERE kind = 'accrual' AND account = 'partner_commission' AND conversion_id = 'C-4'",
      );
      await expect(db.query('UPDATE ledger_lines SET credit = credit + 100 WHERE line_id = $1', [target.line_id])).rejects.toThrow(
        /append-only/,
      );
      await db.exec('ALTER TABLE ledger_lines DISABLE TRIGGER ledger_lines_no_update_delete');
      await db.query('UPDATE ledger_lines SET credit = credit + 100 WHERE line_id = $1', [target.line_id]);
      const { body } = await t.http.get('/v1/ledger/verify').set(bearer(KEYS.finance)).expect(200);
      expect(body.ok).toBe(false);
      expect(body.problems).toContainEqual(
        expect.objectContaining({ partnerId: 'P-1', lineId: target.line_id, problem: expect.stringContaining('altered') }),
      );
      expect(body.problems).toContainEqual(expect.objectContaining({ problem: expect.stringMatching(/debits .* do not equal credits/) }));
    });
  });
});
