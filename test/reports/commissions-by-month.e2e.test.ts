import { Dec } from '@ledger/kernel';
import { ProjectionHost } from '@ledger/platform/projections';
import { ledgerScenario } from '../support/ledger-scenario';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';

const FIELDS = ['pending', 'payable', 'held', 'paid', 'earned', 'clawedBack'] as const;
const PARTNERS = ['P-1', 'P-2', 'P-3', 'P-4'];
const MONTHS = [
  ['2026-02', '2026-02-28T23:59:59.999Z'],
  ['2026-03', '2026-03-31T23:59:59.999Z'],
  ['2026-04', '2026-04-30T23:59:59.999Z'],
  ['2026-05', '2026-05-31T23:59:59.999Z'],
] as const;

type Balance = Record<(typeof FIELDS)[number], string> & { currency: string };

describe('commissions pending / payable / paid by month (SPEC §8 finance overview)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.http.post('/v1/events').set(bearer(KEYS.ingest)).send(ledgerScenario()).expect(200);
    await t.app.get(ProjectionHost).catchUp();
    await t.http
      .post('/v1/payout-runs')
      .set(bearer(KEYS.finance))
      .send({ asOf: '2026-03-20T13:00:00Z', minimum: { USD: '50.00', EUR: '100.00' } })
      .expect(201);
    await t.app.get(ProjectionHost).catchUp();
  });
  afterAll(async () => t.close());

  const commissions = (query: string, key = KEYS.finance) => t.http.get(`/v1/reports/commissions?${query}`).set(bearer(key));

  it('each month and currency is the sum over partners of their balances at the month end, in two currencies', async () => {
    const expected: Record<string, string>[] = [];
    for (const [month, asOf] of MONTHS) {
      const sums = new Map<string, Record<(typeof FIELDS)[number], Dec>>();
      for (const partnerId of PARTNERS) {
        const { body } = await t.http.get(`/v1/partners/${partnerId}/balance?asOf=${asOf}`).set(bearer(KEYS.finance)).expect(200);
        for (const balance of body.balances as Balance[]) {
          const sum =
            sums.get(balance.currency) ?? (Object.fromEntries(FIELDS.map((f) => [f, new Dec(0)])) as Record<(typeof FIELDS)[number], Dec>);
          for (const field of FIELDS) sum[field] = sum[field].plus(balance[field]);
          sums.set(balance.currency, sum);
        }
      }
      for (const [currency, sum] of [...sums].sort(([a], [b]) => (a < b ? -1 : 1))) {
        expected.push({ month, asOf, currency, ...Object.fromEntries(FIELDS.map((f) => [f, sum[f].toFixed(2)])) });
      }
    }
    const { body } = await commissions('from=2026-02&to=2026-05').expect(200);
    expect(body.months).toEqual(expected);
    // Two currencies, never summed together; the payout run of 20 March shows as paid from March on.
    expect(new Set(body.months.map((m: { currency: string }) => m.currency))).toEqual(new Set(['EUR', 'USD']));
    expect(body.months.find((m: Balance & { month: string }) => m.month === '2026-02' && m.currency === 'USD').paid).toBe('0.00');
    expect(new Dec(body.months.find((m: Balance & { month: string }) => m.month === '2026-03' && m.currency === 'USD').paid).gt(0)).toBe(
      true,
    );
  });

  it('by default runs from the month of the first ledger line to the current month', async () => {
    const { body } = await commissions('', KEYS.analyst).expect(200);
    const months = body.months.map((m: { month: string }) => m.month);
    expect(months[0]).toBe('2026-02');
    expect(months[months.length - 1]).toBe(new Date().toISOString().slice(0, 7));
    const before = await commissions('from=2025-01&to=2025-12').expect(200);
    expect(before.body).toEqual({ months: [] });
  });

  it('refuses bad parameters by name and keeps the report from partner keys', async () => {
    expect((await commissions('from=2026-13').expect(400)).body.errors).toEqual([{ path: 'from', message: 'must be a month as YYYY-MM' }]);
    expect((await commissions('to=2026-03-01').expect(400)).body.errors).toEqual([{ path: 'to', message: 'must be a month as YYYY-MM' }]);
    expect((await commissions('from=2026-05&to=2026-02').expect(400)).body.errors[0]).toMatchObject({ path: 'from' });
    expect((await commissions('from=2010-01&to=2026-01').expect(400)).body.errors[0]).toMatchObject({ path: 'from' });
    await commissions('', KEYS.partner).expect(403);
    await commissions('', KEYS.ingest).expect(403);
  });
});
