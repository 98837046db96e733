import { ProjectionHost } from '@ledger/platform/projections';
import { cloudEvent } from '../support/events';
import { at, ledgerScenario } from '../support/ledger-scenario';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';

/** SPEC §5 lists: `{items, nextCursor}`, `limit` and `cursor`, filters, and a partner key that sees only its own rows. */
describe('list and profile endpoints (SPEC §5)', () => {
  let t: TestApp;
  const get = (path: string, key = KEYS.finance) => t.http.get(path).set(bearer(key));
  const catchUp = () => t.app.get(ProjectionHost).catchUp();

  /** Every item of a list, page by page, with the cursors it was given. */
  async function allPages(path: string, limit: number, key = KEYS.finance): Promise<{ items: unknown[]; pages: number }> {
    const items: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const response = await get(`${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, key).expect(200);
      const body = response.body as { items: unknown[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(limit);
      items.push(...body.items);
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor !== null);
    return { items, pages };
  }

  beforeAll(async () => {
    t = await startTestApp();
    await t.http
      .post('/v1/events')
      .set(bearer(KEYS.ingest))
      .send([
        ...ledgerScenario(),
        cloudEvent('partner.status_changed', { partnerId: 'P-3', status: 'suspended' }, { time: at('05-01') }),
        cloudEvent('partner.status_changed', { partnerId: 'P-3', status: 'active' }, { time: at('04-01') }),
      ])
      .expect(200);
    await catchUp();
  });
  afterAll(async () => t.close());

  describe('GET /v1/me', () => {
    it('names the role, the partner of a partner key and a non-secret key id', async () => {
      const partner = (await get('/v1/me', KEYS.partner).expect(200)).body;
      expect(partner).toEqual({ role: 'partner', partnerId: 'P-1', keyId: expect.stringMatching(/^[0-9a-f]{12}$/) });
      for (const [key, role] of [
        [KEYS.admin, 'admin'],
        [KEYS.ingest, 'ingest'],
        [KEYS.finance, 'finance'],
        [KEYS.analyst, 'analyst'],
      ]) {
        const { body } = await get('/v1/me', key).expect(200);
        expect(body).toEqual({ role, keyId: expect.stringMatching(/^[0-9a-f]{12}$/) });
        expect(JSON.stringify(body)).not.toContain(key);
      }
      await t.http.get('/v1/me').expect(401);
    });
  });

  describe('GET /v1/partners', () => {
    it('lists partners by id with their profile fields; the latest status by business time', async () => {
      const { body } = await get('/v1/partners', KEYS.analyst).expect(200);
      expect(body.nextCursor).toBeNull();
      expect(body.items).toEqual([
        {
          partnerId: 'P-1',
          name: 'Northwind Resellers',
          partnerType: 'reseller',
          status: 'active',
          tier: 'silver',
          enrolledAt: '2026-01-05T12:00:00.000Z',
        },
        {
          partnerId: 'P-2',
          name: 'Coupon Heaven',
          partnerType: 'affiliate',
          status: 'active',
          tier: 'registered',
          enrolledAt: at('01-05').replace('Z', '.000Z'),
        },
        {
          partnerId: 'P-3',
          name: 'Blog Referrals',
          partnerType: 'referral',
          status: 'suspended',
          tier: 'registered',
          enrolledAt: at('01-05').replace('Z', '.000Z'),
        },
        {
          partnerId: 'P-4',
          name: 'Quiet Consulting',
          partnerType: 'service',
          status: 'active',
          tier: 'registered',
          enrolledAt: at('01-05').replace('Z', '.000Z'),
        },
      ]);
    });

    it('searches id or name case-insensitively and filters by type, tier and status', async () => {
      const ids = async (query: string) =>
        ((await get(`/v1/partners?${query}`).expect(200)).body.items as Array<{ partnerId: string }>).map((p) => p.partnerId);
      expect(await ids('search=HEAVEN')).toEqual(['P-2']);
      expect(await ids('search=p-')).toEqual(['P-1', 'P-2', 'P-3', 'P-4']);
      expect(await ids('type=reseller')).toEqual(['P-1']);
      expect(await ids('tier=registered&status=active')).toEqual(['P-2', 'P-4']);
      expect(await ids('status=suspended')).toEqual(['P-3']);
      expect(await ids('search=nobody')).toEqual([]);
    });

    it('pages with limit and cursor: the same items as one page, none twice', async () => {
      const whole = (await get('/v1/partners').expect(200)).body.items;
      const paged = await allPages('/v1/partners', 1);
      expect(paged.items).toEqual(whole);
      expect(paged.pages).toBe(4);
      const filtered = await allPages('/v1/partners?tier=registered', 2);
      expect(filtered.items).toEqual(whole.filter((p: { tier: string }) => p.tier === 'registered'));
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=ten', 'limit'],
      ['limit=-1', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${Buffer.from('{"a":1}').toString('base64url')}`, 'cursor'],
      ['type=vendor', 'type'],
      ['tier=platinum', 'tier'],
      ['status=asleep', 'status'],
    ])('answers %s with 400 naming the field', async (query, field) => {
      const { body } = await get(`/v1/partners?${query}`).expect(400);
      expect(body.errors).toEqual([{ path: field, message: expect.any(String) }]);
    });

    it('is for finance and analysts: a partner key is refused', async () => {
      await get('/v1/partners', KEYS.partner).expect(403);
      await get('/v1/partners', KEYS.ingest).expect(403);
    });
  });

  describe('GET /v1/partners/{id}', () => {
    it('answers the profile and the balances now, as the balance endpoint does', async () => {
      const { body } = await get('/v1/partners/P-1').expect(200);
      const balance = (await get('/v1/partners/P-1/balance').expect(200)).body;
      expect(body).toEqual({
        partnerId: 'P-1',
        name: 'Northwind Resellers',
        partnerType: 'reseller',
        status: 'active',
        tier: 'silver',
        tierSince: expect.any(String),
        enrolledAt: '2026-01-05T12:00:00.000Z',
        balances: balance.balances,
      });
      expect(body.balances.length).toBeGreaterThan(0);
      for (const row of body.balances)
        for (const field of ['pending', 'payable', 'paid', 'earned']) expect(typeof row[field]).toBe('string');
    });

    it('lets a partner key read its own profile only; 404 for an unknown partner', async () => {
      await get('/v1/partners/P-1', KEYS.partner).expect(200);
      await get('/v1/partners/P-2', KEYS.partner).expect(403);
      await get('/v1/partners/P-404').expect(404);
    });
  });

  describe('GET /v1/partners/{id}/statement paged', () => {
    it('gives the same lines in the same order as unpaged, with the running balance going on across pages', async () => {
      const whole = (await get('/v1/partners/P-1/statement?to=2026-12-31').expect(200)).body;
      expect(whole.nextCursor).toBeUndefined();
      expect(whole.lines.length).toBeGreaterThan(3);
      const lines: unknown[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response = await get(`/v1/partners/P-1/statement?to=2026-12-31&limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        const body = response.body as { currencies: Array<{ opening: string }>; lines: unknown[]; nextCursor: string | null };
        if (pages > 0) expect(body.currencies[0].opening).toEqual((lines[lines.length - 1] as { runningBalance: string }).runningBalance);
        lines.push(...body.lines);
        cursor = body.nextCursor;
        pages += 1;
      } while (cursor !== null);
      expect(lines).toEqual(whole.lines);
      expect(pages).toBe(Math.ceil(whole.lines.length / 2));
    });

    it('pages from a start date too, starting from the opening balance', async () => {
      const whole = (await get('/v1/partners/P-1/statement?from=2026-03-01&to=2026-12-31').expect(200)).body;
      const first = (await get('/v1/partners/P-1/statement?from=2026-03-01&to=2026-12-31&limit=1').expect(200)).body;
      expect(first.currencies[0].opening).toBe(whole.currencies[0].opening);
      expect(first.lines).toEqual(whole.lines.slice(0, 1));
      const second = (
        await get(`/v1/partners/P-1/statement?from=2026-03-01&to=2026-12-31&limit=1000&cursor=${first.nextCursor}`).expect(200)
      ).body;
      expect(second.lines).toEqual(whole.lines.slice(1));
      expect(second.nextCursor).toBeNull();
      expect(second.currencies[0].closing).toBe(whole.currencies[0].closing);
    });

    it('refuses a bad limit or cursor with 400 naming it', async () => {
      expect((await get('/v1/partners/P-1/statement?limit=0').expect(400)).body.errors).toEqual([
        { path: 'limit', message: expect.any(String) },
      ]);
      expect((await get('/v1/partners/P-1/statement?cursor=abc').expect(400)).body.errors).toEqual([
        { path: 'cursor', message: expect.any(String) },
      ]);
    });
  });

  describe('GET /v1/conversions', () => {
    it('lists booked conversions in date order with their credits and commission', async () => {
      const { body } = await get('/v1/conversions?to=2026-12-31').expect(200);
      const ids = body.items.map((c: { conversionId: string }) => c.conversionId);
      expect(ids).toEqual(['C-5', 'C-1', 'C-6', 'C-2', 'C-3', 'C-4', 'INV-1', 'C-7', 'C-8']);
      const c1 = body.items.find((c: { conversionId: string }) => c.conversionId === 'C-1');
      expect(c1).toEqual({
        conversionId: 'C-1',
        conversionType: 'deal.closed_won',
        customerId: 'CU-a1',
        occurredAt: '2026-02-10T12:00:00.000Z',
        amount: { amount: '1000.00', currency: 'USD' },
        refunded: '250.00',
        policyVersion: 'default-v1',
        planVersion: 'default-v1',
        credits: [
          {
            partnerId: 'P-1',
            weight: '1',
            revenue: '1000.00',
            commission: '200.00',
            clawedBack: '50.00',
            tier: 'registered',
            rate: '0.2',
            payableAt: '2026-03-12T12:00:00.000Z',
          },
        ],
      });
      expect(body.items.find((c: { conversionId: string }) => c.conversionId === 'C-7').credits).toEqual([]);
    });

    it('filters by partner, customer and business time; pages the same items', async () => {
      const ids = async (query: string, key = KEYS.analyst) =>
        ((await get(`/v1/conversions?${query}`, key).expect(200)).body.items as Array<{ conversionId: string }>).map((c) => c.conversionId);
      expect(await ids('partnerId=P-2')).toEqual(['C-5']);
      expect(await ids('customerId=CU-a1')).toEqual(['C-1', 'INV-1']);
      expect(await ids('from=2026-03-01&to=2026-03-10')).toEqual(['C-4', 'INV-1']);
      expect(await ids('partnerId=P-1&from=2026-02-15')).toEqual(['C-2', 'C-3', 'C-4', 'INV-1']);
      const whole = (await get('/v1/conversions').expect(200)).body.items;
      expect((await allPages('/v1/conversions', 2)).items).toEqual(whole);
      const p1 = (await get('/v1/conversions?partnerId=P-1').expect(200)).body.items;
      expect((await allPages('/v1/conversions?partnerId=P-1', 3)).items).toEqual(p1);
    });

    it('gives a partner key only its own credited conversions, whatever filter it sends', async () => {
      const own = ['C-1', 'C-2', 'C-3', 'C-4', 'INV-1'];
      const ids = async (query: string) =>
        ((await get(`/v1/conversions?${query}`, KEYS.partner).expect(200)).body.items as Array<{ conversionId: string }>).map(
          (c) => c.conversionId,
        );
      expect(await ids('')).toEqual(own);
      expect(await ids('partnerId=P-2')).toEqual(own);
      expect(await ids('customerId=CU-b1')).toEqual([]);
      await get('/v1/conversions', KEYS.ingest).expect(403);
    });

    it('refuses an impossible date with 400 naming it', async () => {
      expect((await get('/v1/conversions?from=2026-02-30').expect(400)).body.errors).toEqual([
        { path: 'from', message: expect.any(String) },
      ]);
    });
  });

  describe('payout runs and adjustments', () => {
    let runId: string;

    beforeAll(async () => {
      await t.http
        .post('/v1/adjustments')
        .set(bearer(KEYS.finance))
        .send({ partnerId: 'P-3', amount: { amount: '-5.00', currency: 'USD' }, reason: 'duplicate lead' })
        .expect(201);
      await t.http
        .post('/v1/adjustments')
        .set(bearer(KEYS.finance))
        .send({ partnerId: 'P-2', amount: { amount: '10.00', currency: 'EUR' }, reason: 'goodwill' })
        .expect(201);
      await catchUp();
    });

    it('previews a run without recording it: eligible and below the minimum', async () => {
      const minimum = { USD: '100.00', EUR: '50.00' };
      const { body } = await t.http
        .post('/v1/payout-runs/preview')
        .set(bearer(KEYS.finance))
        .send({ asOf: '2026-06-30', minimum })
        .expect(200);
      expect(body.asOf).toBe('2026-06-30T23:59:59.999Z');
      expect(body.eligible.length).toBeGreaterThan(0);
      for (const row of body.eligible) expect(Number(row.amount)).toBeGreaterThanOrEqual(Number(minimum[row.currency as 'USD' | 'EUR']));
      for (const row of body.belowMinimum) {
        expect(row.minimum).toBe(minimum[row.currency as 'USD' | 'EUR']);
        expect(Number(row.amount)).toBeLessThan(Number(row.minimum));
      }
      expect((await get('/v1/payout-runs').expect(200)).body).toEqual({ items: [], nextCursor: null });
      const run = (
        await t.http
          .post('/v1/payout-runs')
          .set(bearer(KEYS.finance))
          .set('Idempotency-Key', 'run-1')
          .send({ asOf: '2026-06-30', minimum })
          .expect(201)
      ).body;
      expect(run.payouts.map(({ partnerId, currency, amount }: Record<string, string>) => ({ partnerId, currency, amount }))).toEqual(
        body.eligible,
      );
      runId = run.runId;
      const bad = await t.http
        .post('/v1/payout-runs/preview')
        .set(bearer(KEYS.finance))
        .send({ minimum: { USD: '1e3' } })
        .expect(400);
      expect(bad.body.errors[0].path).toMatch(/^minimum/);
      await t.http.post('/v1/payout-runs/preview').set(bearer(KEYS.analyst)).send({ minimum }).expect(403);
    });

    it('lists runs and shows one with its payouts and their status', async () => {
      const run = (await get(`/v1/payout-runs/${runId}`).expect(200)).body;
      expect(run.payouts.length).toBeGreaterThan(0);
      const paid = run.payouts[0];
      await t.http
        .post('/v1/events')
        .set(bearer(KEYS.ingest))
        .send([cloudEvent('payout.paid', { payoutId: paid.payoutId }, { source: 'payments', time: '2026-07-02T00:00:00Z' })])
        .expect(200);
      await catchUp();
      const after = (await get(`/v1/payout-runs/${runId}`).expect(200)).body;
      expect(after).toMatchObject({
        runId,
        asOf: '2026-06-30T23:59:59.999Z',
        minimum: { USD: '100.00', EUR: '50.00' },
        requestedBy: { role: 'finance' },
      });
      expect(after.payouts[0]).toEqual({ ...paid, status: 'paid', confirmedAt: '2026-07-02T00:00:00.000Z' });
      expect(after.payouts.slice(1).every((p: { status: string }) => p.status === 'scheduled')).toBe(true);
      const list = (await get('/v1/payout-runs').expect(200)).body;
      expect(list.nextCursor).toBeNull();
      expect(list.items).toEqual([
        { runId, asOf: after.asOf, minimum: after.minimum, requestedBy: after.requestedBy, totals: after.totals },
      ]);
      const usd = after.totals.find((total: { currency: string }) => total.currency === 'USD');
      expect(usd.paid).toBe(paid.currency === 'USD' ? paid.amount : '0.00');
      const pagedPayouts: unknown[] = [];
      let cursor: string | null = null;
      do {
        const response = await get(`/v1/payout-runs/${runId}?limit=1${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        const body = response.body as { payouts: unknown[]; nextCursor: string | null };
        pagedPayouts.push(...body.payouts);
        cursor = body.nextCursor;
      } while (cursor !== null);
      expect(pagedPayouts).toEqual(after.payouts);
      await get('/v1/payout-runs/payout-run-404').expect(404);
      await get('/v1/payout-runs', KEYS.analyst).expect(403);
      await get(`/v1/payout-runs/${runId}`, KEYS.partner).expect(403);
    });

    it('lists adjustments newest first with reason and actor, by partner too', async () => {
      const me = (await get('/v1/me').expect(200)).body;
      const { body } = await get('/v1/adjustments').expect(200);
      expect(body.items).toEqual([
        {
          adjustmentId: expect.stringMatching(/^adj_/),
          partnerId: 'P-2',
          amount: { amount: '10.00', currency: 'EUR' },
          reason: 'goodwill',
          actor: { keyId: me.keyId, role: 'finance' },
          time: expect.any(String),
          recordedAt: expect.any(String),
        },
        expect.objectContaining({ partnerId: 'P-3', amount: { amount: '-5.00', currency: 'USD' }, reason: 'duplicate lead' }),
      ]);
      expect((await get('/v1/adjustments?partnerId=P-3').expect(200)).body.items).toEqual([body.items[1]]);
      expect((await allPages('/v1/adjustments', 1)).items).toEqual(body.items);
      await get('/v1/adjustments', KEYS.partner).expect(403);
    });
  });
});
