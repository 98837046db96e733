import { EVENT_STORE, READ_MODEL_DB, type EventStore } from '@ledger/platform/event-store';
import { AttributionReactor } from '@ledger/attribution/application';
import { LedgerProjection, VerifyLedgerHandler } from '@ledger/ledger/read-model';
import { RiskReactor } from '@ledger/risk/application';
import { ProjectionHost, ProjectionRunner } from '@ledger/platform/projections';
import { type SqlDatabase } from '@ledger/platform/sql';
import { cloudEvent } from '../support/events';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';

/*
 * SPEC §9 through the API: a self-referral and a new partner's large deal are held with their
 * evidence, never paid while held; a release makes the commission payable, a rejection reverses it;
 * a risk policy adoption governs what is booked after it; partners dispute their own lines and see
 * finance's resolution; a rebuild reproduces flags, decisions and hashes.
 */
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const usd = (amount: string) => ({ amount, currency: 'USD' });

type Flag = {
  flagId: string;
  partnerId: string;
  conversionId: string;
  status: string;
  signals: Array<{ signal: string; evidence: string }>;
} & Record<string, unknown>;

describe('risk holds and disputes (SPEC §9)', () => {
  let t: TestApp;
  const catchUp = () => t.app.get(ProjectionHost).catchUp();
  const ingest = async (events: unknown[]) => {
    const { body } = await t.http.post('/v1/events').set(bearer(KEYS.ingest)).send(events).expect(200);
    expect(body.results.filter((result: { status: string }) => result.status !== 'accepted')).toEqual([]);
    await catchUp();
  };
  const won = (conversionId: string, dealId: string, partnerId: string, domain: string, amount: string, daysBack: number) => [
    cloudEvent('deal.registered', { dealId, partnerId, accountDomain: domain }, { source: 'crm', time: daysAgo(daysBack + 2) }),
    cloudEvent('deal.approved', { dealId }, { source: 'crm', time: daysAgo(daysBack + 1) }),
    cloudEvent(
      'deal.closed_won',
      { conversionId, customerId: `CU-${conversionId}`, accountDomain: domain, amount: usd(amount) },
      { source: 'crm', time: daysAgo(daysBack) },
    ),
  ];
  const flags = async (query = '', key = KEYS.finance) =>
    (await t.http.get(`/v1/risk/flags${query}`).set(bearer(key)).expect(200)).body as { items: Flag[]; nextCursor: string | null };
  const balance = async (partnerId: string) => {
    const { body } = await t.http.get(`/v1/partners/${partnerId}/balance`).set(bearer(KEYS.finance)).expect(200);
    return body.balances[0] as Record<string, string>;
  };
  const decide = (flagId: string, decision: string, key = KEYS.finance) =>
    t.http.post(`/v1/risk/flags/${flagId}/decision`).set(bearer(key)).send({ decision, reason: 'checked with the customer' });

  beforeAll(async () => {
    t = await startTestApp();
    await ingest([
      cloudEvent(
        'partner.enrolled',
        { partnerId: 'P-1', name: 'Northwind', partnerType: 'reseller', websiteDomain: 'www.northwind.example' },
        { time: daysAgo(400) },
      ),
      cloudEvent('partner.enrolled', { partnerId: 'P-2', name: 'Newcomer', partnerType: 'referral' }, { time: daysAgo(60) }),
      cloudEvent('partner.enrolled', { partnerId: 'P-3', name: 'Steady', partnerType: 'referral' }, { time: daysAgo(400) }),
      // Held: P-1 sold to its own website's company; P-2's 12,000.00 came 20 days after it enrolled.
      ...won('C-1', 'DL-1', 'P-1', 'northwind.example', '1000.00', 40),
      ...won('C-2', 'DL-2', 'P-2', 'bigco.example', '12000.00', 40),
      // Not held: an ordinary deal.
      ...won('C-3', 'DL-3', 'P-3', 'ordinary.example', '500.00', 40),
    ]);
  });
  afterAll(async () => t.close());

  it('flags each planted pattern with its evidence, and nothing else', async () => {
    const { items } = await flags('?status=open');
    const byConversion = Object.fromEntries(items.map((flag) => [flag.conversionId, flag]));
    expect(Object.keys(byConversion).sort()).toEqual(['C-1', 'C-2']);
    expect(byConversion['C-1']).toMatchObject({
      partnerId: 'P-1',
      status: 'open',
      policyVersion: 'risk-v1',
      amount: usd('200.00'),
      held: usd('200.00'),
      decision: null,
      signals: [
        { signal: 'self_referral', evidence: 'account domain northwind.example of C-1 is the website of P-1 (www.northwind.example)' },
      ],
    });
    expect(byConversion['C-2'].signals.map((signal) => signal.signal)).toEqual(['new_partner_large_deal']);
    expect(byConversion['C-2'].signals[0].evidence).toMatch(
      /^12000\.00 USD 2\d days after P-2 enrolled .*; limit 10000\.00 USD within 30 days$/,
    );
  });

  it('counts held money in `held`, never in pending or payable, and a payout run does not pay it', async () => {
    expect(await balance('P-1')).toMatchObject({ pending: '0.00', payable: '0.00', held: '200.00', earned: '200.00' });
    expect(await balance('P-3')).toMatchObject({ payable: '100.00', held: '0.00' });
    const { body } = await t.http
      .post('/v1/payout-runs')
      .set(bearer(KEYS.finance))
      .send({ asOf: new Date().toISOString(), minimum: { USD: '1.00' } })
      .expect(201);
    expect(body.payouts.map((payout: { partnerId: string; amount: string }) => [payout.partnerId, payout.amount])).toEqual([
      ['P-3', '100.00'],
    ]);
  });

  it('a partner key sees only its own flags; only finance decides', async () => {
    const { items } = await flags('?partnerId=P-2', KEYS.partner);
    expect(items.map((flag) => flag.partnerId)).toEqual(['P-1']);
    await decide(items[0].flagId, 'release', KEYS.partner).expect(403);
  });

  it('a release makes the commission payable from the later of its payable date and the release; a second decision is 409', async () => {
    const [flag] = (await flags('?partnerId=P-1')).items;
    const { body } = await decide(flag.flagId, 'release').expect(201);
    expect(body).toMatchObject({
      flagId: flag.flagId,
      status: 'released',
      decision: { decision: 'release', reason: 'checked with the customer' },
    });
    await decide(flag.flagId, 'reject').expect(409);
    await catchUp();
    expect(await balance('P-1')).toMatchObject({ pending: '0.00', payable: '200.00', held: '0.00', earned: '200.00' });
    expect((await flags('?status=released')).items).toEqual([
      expect.objectContaining({ flagId: flag.flagId, held: usd('0.00'), amount: usd('200.00') }),
    ]);
  });

  it('a rejection books a reversing line: nothing held, nothing earned', async () => {
    const [flag] = (await flags('?partnerId=P-2')).items;
    await decide(flag.flagId, 'reject').expect(201);
    await catchUp();
    expect(await balance('P-2')).toMatchObject({ pending: '0.00', payable: '0.00', held: '0.00', earned: '0.00' });
    const { body } = await t.http.get('/v1/partners/P-2/statement').set(bearer(KEYS.finance)).expect(200);
    // The hold moves the commission between two of the partner's own accounts: both sides are on its statement.
    expect(body.lines.map((line: { kind: string }) => line.kind)).toEqual(['accrual', 'hold', 'hold', 'hold_rejection']);
  });

  it('an unknown flag is 404, a malformed decision 400 naming the field', async () => {
    await decide('F-nope', 'release').expect(404);
    const { body } = await t.http.post('/v1/risk/flags/F-nope/decision').set(bearer(KEYS.finance)).send({ decision: 'maybe' }).expect(400);
    expect(body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['decision', 'reason']);
  });

  it('a risk policy adoption governs commissions booked after it; a reused version or a bad figure is refused', async () => {
    const policy = { version: 'risk-v2', selfReferral: false, clickVelocity: { maxClicks: 20, withinMinutes: 10 } };
    const bad = await t.http
      .post('/v1/risk/policies')
      .set(bearer(KEYS.finance))
      .send({ policy: { ...policy, refundRate: { threshold: '1.5', minConversions: 5, windowDays: 90 } } })
      .expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'policy.refundRate.threshold' })]);
    await t.http
      .post('/v1/risk/policies')
      .set(bearer(KEYS.finance))
      .send({ policy: { ...policy, version: 'risk-v1' } })
      .expect(400);
    const { body } = await t.http
      .post('/v1/risk/policies')
      .set(bearer(KEYS.finance))
      .send({ policy, reason: 'self-referrals are allowed now' })
      .expect(201);
    expect(body).toMatchObject({ adoptionId: 'risk-policy-adoption-1', version: 'risk-v2', policy });
    await ingest(won('C-4', 'DL-4', 'P-1', 'northwind.example', '100.00', 5));
    expect((await flags()).items.map((flag) => flag.conversionId).sort()).toEqual(['C-1', 'C-2']);
    const { body: policies } = await t.http.get('/v1/risk/policies').set(bearer(KEYS.analyst)).expect(200);
    expect(policies.inForce).toEqual(policy);
  });

  it('a partner disputes its own statement line and sees finance’s resolution; an upheld one books the adjustment naming it', async () => {
    const { body: statement } = await t.http.get('/v1/partners/P-1/statement').set(bearer(KEYS.partner)).expect(200);
    const line = statement.lines.find((l: { kind: string }) => l.kind === 'accrual');
    await t.http.post('/v1/partners/P-2/disputes').set(bearer(KEYS.partner)).send({ message: 'not mine' }).expect(403);
    await t.http.post('/v1/partners/P-1/disputes').set(bearer(KEYS.partner)).send({ lineId: 'L-unknown', message: 'x' }).expect(400);
    const opened = await t.http
      .post('/v1/partners/P-1/disputes')
      .set(bearer(KEYS.partner))
      .send({ lineId: line.lineId, message: 'the rate should be 25%: we were silver' })
      .expect(201);
    expect(opened.body).toMatchObject({ partnerId: 'P-1', lineId: line.lineId, status: 'open', resolution: null });
    const disputeId = opened.body.disputeId as string;
    await catchUp();
    const { body: queue } = await t.http.get('/v1/disputes?status=open').set(bearer(KEYS.finance)).expect(200);
    expect(queue.items.map((d: { disputeId: string }) => d.disputeId)).toEqual([disputeId]);
    await t.http
      .post(`/v1/disputes/${disputeId}/resolution`)
      .set(bearer(KEYS.finance))
      .send({ outcome: 'rejected', reason: 'x', adjustment: usd('1.00') })
      .expect(400);
    const resolved = await t.http
      .post(`/v1/disputes/${disputeId}/resolution`)
      .set(bearer(KEYS.finance))
      .send({ outcome: 'upheld', reason: 'silver since March', adjustment: usd('50.00') })
      .expect(201);
    expect(resolved.body).toMatchObject({ status: 'upheld', resolution: { outcome: 'upheld', adjustment: usd('50.00') } });
    await t.http
      .post(`/v1/disputes/${disputeId}/resolution`)
      .set(bearer(KEYS.finance))
      .send({ outcome: 'rejected', reason: 'x' })
      .expect(409);
    await catchUp();
    const { body: mine } = await t.http.get('/v1/disputes?partnerId=P-3').set(bearer(KEYS.partner)).expect(200);
    expect(mine.items).toEqual([
      expect.objectContaining({ disputeId, status: 'upheld', resolution: expect.objectContaining({ reason: 'silver since March' }) }),
    ]);
    const { body: after } = await t.http.get('/v1/partners/P-1/statement').set(bearer(KEYS.partner)).expect(200);
    const adjustment = after.lines.find((l: { kind: string }) => l.kind === 'adjustment');
    expect(adjustment).toMatchObject({ credit: '50.00' });
    expect(adjustment.description).toContain(disputeId);
  });

  it('a rebuild reproduces the flags, decisions and every line with its hash', async () => {
    await catchUp();
    const store = t.app.get<EventStore>(EVENT_STORE);
    const live = t.app.get<SqlDatabase>(READ_MODEL_DB);
    const head = await store.headPosition();
    const fresh = await openMemoryDatabase();
    const runners = [
      new ProjectionRunner(new AttributionReactor(), store, fresh),
      new ProjectionRunner(new RiskReactor(), store, fresh),
      new ProjectionRunner(new LedgerProjection(), store, fresh),
    ];
    try {
      for (const runner of runners) await runner.start();
      for (const runner of runners) await runner.waitFor(head);
      expect(await store.headPosition()).toBe(head);
      const rows = (db: SqlDatabase, sql: string) => db.query(sql);
      for (const sql of [
        'SELECT * FROM ledger_lines ORDER BY partner_id, seq',
        'SELECT flag_id, position, status, signals, decision FROM risk_flags ORDER BY position',
        'SELECT * FROM risk_disputes ORDER BY position',
      ])
        expect(await rows(fresh, sql)).toEqual(await rows(live, sql));
      expect(await new VerifyLedgerHandler(fresh).execute()).toMatchObject({ ok: true });
    } finally {
      for (const runner of runners) await runner.stop();
      await fresh.close();
    }
  });
});
