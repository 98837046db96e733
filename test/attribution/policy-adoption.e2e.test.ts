import { EVENT_STORE, READ_MODEL_DB, type EventStore } from '@ledger/platform/event-store';
import { AttributionReactor } from '@ledger/attribution/application';
import { LedgerProjection, VerifyLedgerHandler } from '@ledger/ledger/read-model';
import { ProjectionRunner } from '@ledger/platform/projections';
import { type SqlDatabase } from '@ledger/platform/sql';
import { ProjectionHost } from '@ledger/platform/projections';
import { cloudEvent } from '../support/events';
import { at, ledgerScenario, usd } from '../support/ledger-scenario';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';

/**
 * The hand-worked scenario plus a later click of P-3 on C-2's customer: under last_click P-3 earns
 * C-2 (2,000.00 USD on Feb 15, half refunded on Mar 5); under first_click P-1 does.
 */
const FIRST_CLICK = { version: 'first-click-v2', model: 'first_click' };

describe('adopting an attribution policy (SPEC §5, POST /v1/attribution/policies)', () => {
  let t: TestApp;
  let store: EventStore;
  const catchUp = () => t.app.get(ProjectionHost).catchUp();

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    const events = ledgerScenario();
    const firstDeal = events.findIndex((event) => event.type === 'deal.closed_won');
    events.splice(firstDeal, 0, cloudEvent('click.recorded', { partnerId: 'P-3', visitorId: 'v-a2' }, { time: at('02-03') }));
    await t.http.post('/v1/events').set(bearer(KEYS.ingest)).send(events).expect(200);
    await catchUp();
  });
  afterAll(async () => t.close());

  async function simulation(body: object) {
    const started = await t.http.post('/v1/simulations').set(bearer(KEYS.analyst)).send(body).expect(202);
    for (let attempt = 0; attempt < 400; attempt++) {
      const { body: job } = await t.http.get(`/v1/simulations/${started.body.id}`).set(bearer(KEYS.analyst)).expect(200);
      if (job.status !== 'running') return job;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('simulation did not finish');
  }

  const balance = async (partnerId: string, asOf: string, currency = 'USD') => {
    const { body } = await t.http.get(`/v1/partners/${partnerId}/balance?asOf=${asOf}`).set(bearer(KEYS.finance)).expect(200);
    return body.balances.find((b: { currency: string }) => b.currency === currency) ?? null;
  };

  it('refuses bad requests by name, and only finance may adopt', async () => {
    const bad = await t.http
      .post('/v1/attribution/policies')
      .set(bearer(KEYS.finance))
      .send({ policy: { model: 'most_clicks' }, effectiveFrom: 'soon', note: 1 })
      .expect(400);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'note', message: expect.stringContaining('is not a field') },
        { path: 'policy.version', message: 'is required' },
        { path: 'policy.model', message: expect.stringContaining('must be one of') },
        { path: 'effectiveFrom', message: expect.stringContaining('date') },
      ]),
    );
    const missing = await t.http.post('/v1/attribution/policies').set(bearer(KEYS.finance)).send({ policy: FIRST_CLICK }).expect(400);
    expect(missing.body.errors).toEqual([{ path: 'effectiveFrom', message: expect.stringContaining('is required') }]);
    await t.http
      .post('/v1/attribution/policies')
      .set(bearer(KEYS.analyst))
      .send({ policy: FIRST_CLICK, effectiveFrom: '2026-02-12' })
      .expect(403);
    await t.http
      .post('/v1/attribution/policies')
      .set(bearer(KEYS.partner))
      .send({ policy: FIRST_CLICK, effectiveFrom: '2026-02-12' })
      .expect(403);
    await t.http
      .post('/v1/attribution/policies')
      .set(bearer(KEYS.finance))
      .send({ policy: { version: 'default-v1' }, effectiveFrom: '2026-02-12' })
      .expect(409);
  });

  it('a simulation run before adoption predicts the balances after it exactly; the ledger keeps both policies and still verifies', async () => {
    const predicted = await simulation({ policy: FIRST_CLICK, from: '2026-02-12' });
    // C-2 moves to P-1, whose third sourced conversion is then C-3 (Feb 20): silver from then, so C-4 (Mar 1) earns 25 %.
    expect(predicted.result.conversions.map((c: { conversionId: string }) => c.conversionId)).toEqual(['C-2', 'C-4']);
    expect(predicted.result.conversions[1]).toMatchObject({
      current: [{ partnerId: 'P-1', commission: '200.00' }],
      simulated: [{ partnerId: 'P-1', commission: '250.00' }],
    });
    expect(predicted.result.tiers).toEqual([
      {
        partnerId: 'P-1',
        currentTier: 'silver',
        simulatedTier: 'silver',
        currentHistory: [
          { tier: 'registered', at: '2026-01-05T12:00:00.000Z' },
          { tier: 'silver', at: '2026-03-01T12:00:00.000Z' },
        ],
        simulatedHistory: [
          { tier: 'registered', at: '2026-01-05T12:00:00.000Z' },
          { tier: 'silver', at: '2026-02-20T12:00:00.000Z' },
        ],
      },
    ]);
    const asOf: string = predicted.result.asOf;
    const before = (await t.http.get('/v1/ledger/verify').set(bearer(KEYS.finance)).expect(200)).body;

    const adopted = await t.http
      .post('/v1/attribution/policies')
      .set(bearer(KEYS.finance))
      .send({ policy: FIRST_CLICK, effectiveFrom: '2026-02-12', reason: 'credit the partner who opened the account' })
      .expect(201);
    expect(adopted.body).toMatchObject({
      adoptionId: 'policy-adoption-1',
      version: 'first-click-v2',
      effectiveFrom: '2026-02-12T00:00:00.000Z',
      adoptedBy: expect.stringContaining('finance key'),
      reason: 'credit the partner who opened the account',
      status: 'applied',
      revisedConversions: 1,
    });
    await catchUp();

    for (const row of predicted.result.partners) {
      expect({ partnerId: row.partnerId, balance: await balance(row.partnerId, asOf, row.currency) }).toEqual({
        partnerId: row.partnerId,
        balance: row.simulatedBalance,
      });
    }
    // P-3 loses C-2: its 400.00 commission and the 200.00 clawed back on the half refund are reversed.
    expect(await balance('P-3', asOf)).toMatchObject({ earned: '20.00', clawedBack: '0.00' });

    const statement = await t.http.get('/v1/partners/P-3/statement').set(bearer(KEYS.finance)).expect(200);
    const revised = statement.body.lines.filter((line: { cause: { type: string } }) => line.cause.type === 'attribution.revised');
    expect(
      revised.map((line: { kind: string; amount: string; policyVersion: string; replacedPolicyVersion: string }) => [
        line.kind,
        line.amount,
        line.policyVersion,
        line.replacedPolicyVersion,
      ]),
    ).toEqual([
      ['accrual_reversal', '-400.00', 'first-click-v2', 'default-v1'],
      ['clawback_reversal', '200.00', 'first-click-v2', 'default-v1'],
    ]);
    expect(
      statement.body.lines.filter((line: { conversionId: string; kind: string }) => line.conversionId === 'C-2' && line.kind === 'accrual'),
    ).toHaveLength(1);
    // The tier the adoption gives P-1 from Feb 20 re-rates C-4, dated at its own business time.
    const p1 = (await t.http.get('/v1/partners/P-1/statement').set(bearer(KEYS.finance)).expect(200)).body.lines;
    expect(
      p1
        .filter((line: { conversionId: string }) => line.conversionId === 'C-4')
        .map((line: { kind: string; tier: string; amount: string; date: string }) => [line.kind, line.tier, line.amount, line.date]),
    ).toEqual([
      ['accrual', 'registered', '200.00', '2026-03-01T12:00:00.000Z'],
      ['accrual_reversal', 'registered', '-200.00', '2026-03-01T12:00:00.000Z'],
      ['accrual', 'silver', '250.00', '2026-03-01T12:00:00.000Z'],
    ]);
    const tier = (await t.http.get('/v1/partners/P-1/tier').set(bearer(KEYS.finance)).expect(200)).body;
    expect(tier).toMatchObject({ tier: 'silver', since: '2026-02-20T12:00:00.000Z' });

    const attribution = await t.http.get('/v1/conversions/C-2/attribution').set(bearer(KEYS.analyst)).expect(200);
    expect(attribution.body).toMatchObject({
      policyVersion: 'first-click-v2',
      credits: [{ partnerId: 'P-1', weight: '1', revenue: '2000.00', commission: '400.00' }],
    });
    expect(attribution.body.replaced).toEqual([
      {
        policyVersion: 'default-v1',
        credits: [{ partnerId: 'P-3', weight: '1', revenue: '2000.00' }],
        recordedBy: expect.stringContaining('attribution.decided'),
        replacedBy: 'policy-adoption-1',
      },
    ]);

    const verified = (await t.http.get('/v1/ledger/verify').set(bearer(KEYS.finance)).expect(200)).body;
    expect(verified).toMatchObject({ ok: true, problemCount: 0 });
    expect(verified.ledgerHash).not.toBe(before.ledgerHash);

    // Simulating the adopted policy again now finds nothing left to change.
    const again = await simulation({ policy: { ...FIRST_CLICK, version: 'first-click-v2-again' }, from: '2026-02-12' });
    expect(again.result.conversionsChanged).toBe(0);
  });

  it('lists the policies in adoption order and refuses a version twice', async () => {
    const { body } = await t.http.get('/v1/attribution/policies').set(bearer(KEYS.analyst)).expect(200);
    expect(body.map((p: { version: string; effectiveFrom: string | null }) => [p.version, p.effectiveFrom])).toEqual([
      ['default-v1', null],
      ['first-click-v2', '2026-02-12T00:00:00.000Z'],
    ]);
    await t.http
      .post('/v1/attribution/policies')
      .set(bearer(KEYS.finance))
      .send({ policy: FIRST_CLICK, effectiveFrom: '2026-01-01' })
      .expect(409);
  });

  it('a future effective date revises nothing now and governs conversions from then on', async () => {
    const adopted = await t.http
      .post('/v1/attribution/policies')
      .set(bearer(KEYS.finance))
      .send({ policy: { version: 'linear-2027', model: 'linear' }, effectiveFrom: '2027-01-01T00:00:00Z' })
      .expect(201);
    expect(adopted.body).toMatchObject({ adoptionId: 'policy-adoption-2', status: 'applied', revisedConversions: 0 });
    const touches = (customer: string, visitor: string, deal: string, day: string) => [
      cloudEvent('click.recorded', { partnerId: 'P-1', visitorId: visitor }, { time: `${day}T08:00:00Z` }),
      cloudEvent('click.recorded', { partnerId: 'P-3', visitorId: visitor }, { time: `${day}T09:00:00Z` }),
      cloudEvent('customer.identified', { customerId: customer, visitorId: visitor }, { time: `${day}T10:00:00Z` }),
      cloudEvent(
        'deal.closed_won',
        { conversionId: deal, customerId: customer, accountDomain: `${deal.toLowerCase()}.com`, amount: usd('100.00') },
        { time: `${day}T12:00:00Z` },
      ),
    ];
    await t.http
      .post('/v1/events')
      .set(bearer(KEYS.ingest))
      .send([...touches('CU-x1', 'v-x1', 'C-X1', '2026-12-20'), ...touches('CU-x2', 'v-x2', 'C-X2', '2027-01-05')])
      .expect(200);
    await catchUp();
    const before = await t.http.get('/v1/conversions/C-X1/attribution').set(bearer(KEYS.analyst)).expect(200);
    expect(before.body).toMatchObject({ policyVersion: 'first-click-v2', credits: [{ partnerId: 'P-1', weight: '1' }] });
    const after = await t.http.get('/v1/conversions/C-X2/attribution').set(bearer(KEYS.analyst)).expect(200);
    expect(after.body).toMatchObject({
      policyVersion: 'linear-2027',
      credits: [
        { partnerId: 'P-1', weight: '0.5' },
        { partnerId: 'P-3', weight: '0.5' },
      ],
    });
  });

  it('retracting an adoption re-attributes what it revised under the policies still in force, as its simulation predicted', async () => {
    await catchUp();
    const predicted = await simulation({ retract: 'policy-adoption-1' });
    expect(predicted.status).toBe('done');
    // C-2 and C-X1 go back to P-3 (last click); without C-2, P-1 is silver from Mar 1 again, so C-4 earns 20 % again.
    expect(predicted.result.conversions.map((c: { conversionId: string }) => c.conversionId)).toEqual(['C-2', 'C-4', 'C-X1']);
    const asOf: string = predicted.result.asOf;

    await t.http.delete('/v1/attribution/policies/policy-adoption-1').set(bearer(KEYS.finance)).send({}).expect(400);
    await t.http.delete('/v1/attribution/policies/policy-adoption-1').set(bearer(KEYS.analyst)).send({ reason: 'x' }).expect(403);
    await t.http.delete('/v1/attribution/policies/policy-adoption-9').set(bearer(KEYS.finance)).send({ reason: 'x' }).expect(404);
    const retracted = await t.http
      .delete('/v1/attribution/policies/policy-adoption-1')
      .set(bearer(KEYS.finance))
      .send({ reason: 'first click overpaid openers' })
      .expect(200);
    expect(retracted.body).toMatchObject({
      adoptionId: 'policy-adoption-1',
      status: 'retracted',
      retraction: {
        retractionId: 'policy-adoption-1-retraction',
        reason: 'first click overpaid openers',
        revisedConversions: 2,
        retractedBy: expect.stringContaining('finance key'),
      },
    });
    await t.http.delete('/v1/attribution/policies/policy-adoption-1').set(bearer(KEYS.finance)).send({ reason: 'again' }).expect(409);
    await catchUp();

    for (const row of predicted.result.partners) {
      expect({ partnerId: row.partnerId, balance: await balance(row.partnerId, asOf, row.currency) }).toEqual({
        partnerId: row.partnerId,
        balance: row.simulatedBalance,
      });
    }
    const attribution = await t.http.get('/v1/conversions/C-2/attribution').set(bearer(KEYS.analyst)).expect(200);
    expect(attribution.body).toMatchObject({
      policyVersion: 'default-v1',
      credits: [{ partnerId: 'P-3', revenue: '2000.00', commission: '400.00' }],
    });
    expect(attribution.body.replaced.map((r: { policyVersion: string; replacedBy: string }) => [r.policyVersion, r.replacedBy])).toEqual([
      ['default-v1', 'policy-adoption-1'],
      ['first-click-v2', 'policy-adoption-1-retraction'],
    ]);
    const tier = (await t.http.get('/v1/partners/P-1/tier').set(bearer(KEYS.finance)).expect(200)).body;
    // Both re-datings are on record: Mar 1 withdrawn by the adoption, Feb 20 by the retraction.
    expect(tier).toMatchObject({ tier: 'silver', since: '2026-03-01T12:00:00.000Z' });
    expect(tier.withdrawn.map((change: { at: string; cause: { id: string } }) => [change.at, change.cause.id])).toEqual([
      ['2026-03-01T12:00:00.000Z', expect.stringContaining('attribution.decided')],
      ['2026-02-20T12:00:00.000Z', 'attribution.policy_applied:policy-adoption-1'],
    ]);
    // The adoption still governs nothing new: a later conversion follows default-v1 until 2027, then linear-2027.
    expect((await t.http.get('/v1/conversions/C-X2/attribution').set(bearer(KEYS.analyst)).expect(200)).body).toMatchObject({
      policyVersion: 'linear-2027',
    });
    expect((await t.http.get('/v1/ledger/verify').set(bearer(KEYS.finance)).expect(200)).body).toMatchObject({ ok: true });
  });

  it('a rebuild of every projection from the store reproduces the same ledger and decisions, appending nothing', async () => {
    await catchUp();
    const db = t.app.get<SqlDatabase>(READ_MODEL_DB);
    const verified = (await t.http.get('/v1/ledger/verify').set(bearer(KEYS.finance)).expect(200)).body;
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
      expect(await new VerifyLedgerHandler(fresh).execute()).toMatchObject({ ok: true, ledgerHash: verified.ledgerHash });
      const decisions = (d: SqlDatabase) =>
        d.query('SELECT conversion_id, policy_version, decision, replaced FROM attribution_decisions ORDER BY cause_source, cause_id');
      expect(await decisions(fresh)).toEqual(await decisions(db));
      const policies = (d: SqlDatabase) =>
        d.query('SELECT adoption_id, version, revised_conversions, retraction FROM attribution_policies ORDER BY position');
      expect(await policies(fresh)).toEqual(await policies(db));

      // A restarted projection loads the adopted policies from its tables and goes on under them.
      await runners[0].stop();
      const restarted = new ProjectionRunner(new AttributionReactor(), store, fresh);
      runners[0] = restarted;
      await restarted.start();
      const later = [
        cloudEvent('click.recorded', { partnerId: 'P-1', visitorId: 'v-x3' }, { time: '2027-02-01T08:00:00Z' }),
        cloudEvent('click.recorded', { partnerId: 'P-3', visitorId: 'v-x3' }, { time: '2027-02-01T09:00:00Z' }),
        cloudEvent('customer.identified', { customerId: 'CU-x3', visitorId: 'v-x3' }, { time: '2027-02-01T10:00:00Z' }),
        cloudEvent(
          'deal.closed_won',
          { conversionId: 'C-X3', customerId: 'CU-x3', accountDomain: 'x3.com', amount: usd('90.00') },
          { time: '2027-02-02T12:00:00Z' },
        ),
      ];
      await t.http.post('/v1/events').set(bearer(KEYS.ingest)).send(later).expect(200);
      await catchUp();
      await restarted.waitFor(await store.headPosition());
      const decision = (d: SqlDatabase) =>
        d.query("SELECT policy_version, decision FROM attribution_decisions WHERE conversion_id = 'C-X3'");
      expect(await decision(fresh)).toEqual(await decision(db));
      expect((await decision(fresh))[0]).toMatchObject({ policy_version: 'linear-2027' });
    } finally {
      for (const runner of runners) await runner.stop();
      await fresh.close();
    }
  });
});
