import type { AttributionDecision } from '@ledger/contracts';
import { EVENT_STORE, type EventStore } from '@ledger/platform/event-store';
import { Dec } from '@ledger/kernel';
import { ProjectionHost } from '@ledger/platform/projections';
import { ledgerScenario } from '../support/ledger-scenario';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';

describe('reports through the API (SPEC §4 KPIs, §5)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.http.post('/v1/events').set(bearer(KEYS.ingest)).send(ledgerScenario()).expect(200);
    await t.app.get(ProjectionHost).catchUp();
  });
  afterAll(async () => t.close());

  const revenue = (query: string, key = KEYS.analyst) => t.http.get(`/v1/reports/partner-sourced-revenue?${query}`).set(bearer(key));

  it('totals per currency: total, partner-sourced and its share, and partner-influenced revenue beside it', async () => {
    const { body } = await revenue('groupBy=partner&to=2026-12-31').expect(200);
    expect(body.totals).toEqual([
      {
        currency: 'EUR',
        totalRevenue: '800.00',
        partnerSourcedRevenue: '800.00',
        share: '1.0000',
        partnerInfluencedRevenue: '800.00',
        partnerInfluencedShare: '1.0000',
        conversions: 1,
        partnerSourcedConversions: 1,
        partnerInfluencedConversions: 1,
      },
      {
        currency: 'USD',
        totalRevenue: '5899.99',
        partnerSourcedRevenue: '4899.99',
        share: '0.8305',
        partnerInfluencedRevenue: '5299.99',
        partnerInfluencedShare: '0.8983',
        conversions: 8,
        partnerSourcedConversions: 6,
        partnerInfluencedConversions: 7,
      },
    ]);
    expect(body.rows).toEqual([
      { key: 'P-2', currency: 'EUR', revenue: '800.00', conversions: 1 },
      { key: 'P-1', currency: 'USD', revenue: '4800.00', conversions: 5 },
      { key: 'P-3', currency: 'USD', revenue: '99.99', conversions: 1 },
    ]);
  });

  it('groups by partner type and by month, gross of refunds', async () => {
    const byType = (await revenue('groupBy=partnerType', KEYS.finance).expect(200)).body;
    expect(byType.rows).toEqual([
      { key: 'affiliate', currency: 'EUR', revenue: '800.00', conversions: 1 },
      { key: 'referral', currency: 'USD', revenue: '99.99', conversions: 1 },
      { key: 'reseller', currency: 'USD', revenue: '4800.00', conversions: 5 },
    ]);
    const byMonth = (await revenue('groupBy=month&from=2026-02-01&to=2026-03-31').expect(200)).body;
    expect(byMonth.rows).toEqual([
      { key: '2026-02', currency: 'EUR', revenue: '800.00', conversions: 1 },
      { key: '2026-02', currency: 'USD', revenue: '3599.99', conversions: 4 },
      { key: '2026-03', currency: 'USD', revenue: '1300.00', conversions: 2 },
    ]);
    const february = (await revenue('groupBy=month&from=2026-02-01&to=2026-02-28').expect(200)).body;
    expect(february.totals.map((total: { currency: string; totalRevenue: string }) => [total.currency, total.totalRevenue])).toEqual([
      ['EUR', '800.00'],
      ['USD', '3599.99'],
    ]);
  });

  it('partner-sourced revenue equals the sum of credited revenue in the recorded decisions', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const credited = new Map<string, Dec>();
    for (const recorded of await store.readAll(0, 10_000)) {
      if (recorded.event.type !== 'attribution.decided') continue;
      const decision = recorded.event.data as AttributionDecision;
      for (const credit of decision.credits)
        credited.set(decision.amount.currency, (credited.get(decision.amount.currency) ?? new Dec(0)).plus(credit.revenue));
    }
    const { body } = await revenue('groupBy=partner').expect(200);
    expect(
      body.totals.map((total: { currency: string; partnerSourcedRevenue: string }) => [total.currency, total.partnerSourcedRevenue]),
    ).toEqual([...credited].sort(([a], [b]) => a.localeCompare(b)).map(([currency, sum]) => [currency, sum.toFixed(2)]));
  });

  it('KPIs with the counts behind them, and the maturity stage with its key metric', async () => {
    const { body } = await t.http.get('/v1/reports/kpis?asOf=2026-06-30').set(bearer(KEYS.finance)).expect(200);
    expect(body.activationRate).toMatchObject({ rate: '0.7500', numerator: 3, denominator: 4 });
    expect(body.retention).toMatchObject({ rate: null, numerator: 0, denominator: 0 });
    expect(body.timeToFirstDeal).toMatchObject({ medianDays: '36.0', partners: 3 });
    expect(body.averageDealSize).toEqual([
      {
        currency: 'EUR',
        partnerSourced: { conversions: 1, revenue: '800.00', average: '800.00' },
        direct: { conversions: 0, revenue: '0.00', average: null },
      },
      {
        currency: 'USD',
        partnerSourced: { conversions: 5, revenue: '4599.99', average: '920.00' },
        direct: { conversions: 2, revenue: '1000.00', average: '500.00' },
      },
    ]);
    expect(body.maturity).toMatchObject({
      stage: 'Foundation',
      activePartners: 4,
      keyMetric: { name: 'firstPartnerSourcedCustomers', value: 6 },
    });

    const later = (await t.http.get('/v1/reports/kpis?asOf=2027-03-01').set(bearer(KEYS.analyst)).expect(200)).body;
    expect(later.retention).toMatchObject({ rate: '0.2500', numerator: 1, denominator: 4 });
  });

  it('refuses bad parameters by name and keeps reports from partner keys', async () => {
    const bad = await revenue('groupBy=region').expect(400);
    expect(bad.body.errors).toEqual([{ path: 'groupBy', message: 'must be one of partner, partnerType, month, not "region"' }]);
    await t.http.get('/v1/reports/kpis?asOf=soon').set(bearer(KEYS.finance)).expect(400);
    await revenue('groupBy=partner', KEYS.partner).expect(403);
    await t.http.get('/v1/reports/kpis').set(bearer(KEYS.ingest)).expect(403);
  });
});
