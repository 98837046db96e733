import { ProjectionHost } from '@ledger/platform/projections';
import { cloudEvent } from '../support/events';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 13's four reproductions, each posted through POST /v1/events as an upstream system would,
 * with the figures SPEC §3 and §4 give.
 */
const day = (monthDay: string) => `2026-${monthDay}T12:00:00Z`;
const usd = (amount: string) => ({ amount, currency: 'USD' });

async function post(t: TestApp, events: object[]): Promise<void> {
  const { body } = await t.http.post('/v1/events').set(bearer(KEYS.ingest)).send(events).expect(200);
  expect(body.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
}

async function balance(t: TestApp, partnerId: string) {
  const { body } = await t.http.get(`/v1/partners/${partnerId}/balance?asOf=2026-12-31`).set(bearer(KEYS.finance)).expect(200);
  return body.balances.find((b: { currency: string }) => b.currency === 'USD');
}

async function commission(t: TestApp, conversionId: string) {
  const { body } = await t.http.get(`/v1/conversions/${conversionId}/attribution`).set(bearer(KEYS.finance)).expect(200);
  return body.credits.map(
    (credit: { partnerId: string; revenue: string; commission: string }) => `${credit.partnerId}:${credit.revenue}:${credit.commission}`,
  );
}

/** P-1 (affiliate) sells coupon deals C-1..C-4 of 100.00 USD on Mar 1-4, is certified on Mar 5, sells C-5 on Mar 6. */
function couponProgram() {
  const events: object[] = [
    cloudEvent('partner.enrolled', { partnerId: 'P-1', name: 'Coupon Partner', partnerType: 'affiliate' }, { time: day('02-01') }),
    cloudEvent('coupon.issued', { code: 'SAVE', partnerId: 'P-1' }, { time: day('02-01') }),
  ];
  for (let i = 1; i <= 5; i += 1) {
    const date = day(`03-0${i === 5 ? 6 : i}`);
    events.push(cloudEvent('coupon.redeemed', { code: 'SAVE', customerId: `CU-${i}` }, { time: date }));
    events.push(
      cloudEvent(
        'deal.closed_won',
        { conversionId: `C-${i}`, customerId: `CU-${i}`, accountDomain: `c${i}.com`, amount: usd('100.00') },
        { time: date },
      ),
    );
    if (i === 4) events.push(cloudEvent('partner.certified', { partnerId: 'P-1', certification: 'sales-101' }, { time: day('03-05') }));
  }
  return events;
}

describe('correct to the cent whatever the batching (issue 13)', () => {
  let apps: TestApp[] = [];
  const start = async () => {
    const t = await startTestApp();
    apps.push(t);
    return t;
  };
  afterEach(async () => {
    await Promise.all(apps.map((t) => t.close()));
    apps = [];
  });

  it('1. a certification after the conversions prices none of them, posted in one batch or one event per request', async () => {
    const events = couponProgram();
    const batched = await start();
    await post(batched, events);
    const single = await start();
    for (const event of events) await post(single, [event]);
    for (const t of [batched, single]) {
      await t.app.get(ProjectionHost).catchUp();
      expect(await commission(t, 'C-4')).toEqual(['P-1:100.00:20.00']);
      expect(await commission(t, 'C-5')).toEqual(['P-1:100.00:25.00']);
      expect(await balance(t, 'P-1')).toMatchObject({ payable: '105.00', earned: '105.00' });
      const { body: tier } = await t.http.get('/v1/partners/P-1/tier').set(bearer(KEYS.finance)).expect(200);
      expect(tier).toMatchObject({ tier: 'silver', since: '2026-03-05T12:00:00.000Z' });
    }
  });

  it('2. a clawback is commission × refunded ÷ amount rounded once: 0.26 × 0.18 ÷ 1.04 = 0.045 → 0.04', async () => {
    const t = await start();
    // P-1 is silver from Mar 5 (above); a 1.04 USD coupon deal on Mar 7 earns 25 %: 0.26.
    await post(t, [
      ...couponProgram(),
      cloudEvent('coupon.redeemed', { code: 'SAVE', customerId: 'CU-9' }, { time: day('03-07') }),
      cloudEvent(
        'deal.closed_won',
        { conversionId: 'C-9', customerId: 'CU-9', accountDomain: 'c9.com', amount: usd('1.04') },
        { time: day('03-07') },
      ),
      cloudEvent('invoice.refunded', { conversionId: 'C-9', amount: usd('0.18') }, { time: day('03-08') }),
    ]);
    await t.app.get(ProjectionHost).catchUp();
    expect(await commission(t, 'C-9')).toEqual(['P-1:1.04:0.26']);
    const { body } = await t.http.get('/v1/partners/P-1/statement').set(bearer(KEYS.finance)).expect(200);
    expect(body.lines.filter((line: { kind: string }) => line.kind === 'clawback').map((line: { amount: string }) => line.amount)).toEqual([
      '-0.04',
    ]);
    expect(await balance(t, 'P-1')).toMatchObject({ earned: '105.26', clawedBack: '0.04' });
  });

  it('3. under linear, six equal partners tie: P-1 (smallest id) absorbs the rounding and gets 16.65', async () => {
    const t = await start();
    await t.http
      .post('/v1/attribution/policies')
      .set(bearer(KEYS.finance))
      .send({ policy: { version: 'linear-v2', model: 'linear' }, effectiveFrom: '2026-01-01' })
      .expect(201);
    const partners = ['P-1', 'P-2', 'P-3', 'P-4', 'P-5', 'P-6'];
    await post(t, [
      ...partners.map((partnerId) =>
        cloudEvent('partner.enrolled', { partnerId, name: partnerId, partnerType: 'referral' }, { time: day('02-01') }),
      ),
      ...partners.map((partnerId, index) => cloudEvent('click.recorded', { partnerId, visitorId: 'v-1' }, { time: day(`02-1${index}`) })),
      cloudEvent('customer.identified', { customerId: 'CU-1', visitorId: 'v-1' }, { time: day('02-20') }),
      cloudEvent(
        'deal.closed_won',
        { conversionId: 'C-1', customerId: 'CU-1', accountDomain: 'one.com', amount: usd('100.00') },
        { time: day('02-25') },
      ),
    ]);
    await t.app.get(ProjectionHost).catchUp();
    expect(await commission(t, 'C-1')).toEqual([
      'P-1:16.65:3.33',
      'P-2:16.67:3.33',
      'P-3:16.67:3.33',
      'P-4:16.67:3.33',
      'P-5:16.67:3.33',
      'P-6:16.67:3.33',
    ]);
  });

  it('4. a revised share is booked at the tier before it, not at the tier it reached itself', async () => {
    const t = await start();
    // P-1 is certified and sells C-1 and C-2 by coupon; C-3 (Mar 2) was clicked by P-1, then P-2: last_click gives it to P-2.
    await post(t, [
      cloudEvent('partner.enrolled', { partnerId: 'P-1', name: 'One', partnerType: 'affiliate' }, { time: day('01-05') }),
      cloudEvent('partner.enrolled', { partnerId: 'P-2', name: 'Two', partnerType: 'affiliate' }, { time: day('01-05') }),
      cloudEvent('partner.certified', { partnerId: 'P-1', certification: 'sales-101' }, { time: day('01-10') }),
      cloudEvent('coupon.issued', { code: 'ONE', partnerId: 'P-1' }, { time: day('01-10') }),
      ...[1, 2].flatMap((i) => [
        cloudEvent('coupon.redeemed', { code: 'ONE', customerId: `CU-${i}` }, { time: day(`02-0${i}`) }),
        cloudEvent(
          'deal.closed_won',
          { conversionId: `C-${i}`, customerId: `CU-${i}`, accountDomain: `c${i}.com`, amount: usd('100.00') },
          { time: day(`02-0${i}`) },
        ),
      ]),
      cloudEvent('click.recorded', { partnerId: 'P-1', visitorId: 'v-3' }, { time: day('02-27') }),
      cloudEvent('click.recorded', { partnerId: 'P-2', visitorId: 'v-3' }, { time: day('02-28') }),
      cloudEvent('customer.identified', { customerId: 'CU-3', visitorId: 'v-3' }, { time: day('02-28') }),
      cloudEvent(
        'deal.closed_won',
        { conversionId: 'C-3', customerId: 'CU-3', accountDomain: 'c3.com', amount: usd('100.00') },
        { time: day('03-02') },
      ),
    ]);
    await t.app.get(ProjectionHost).catchUp();
    expect(await commission(t, 'C-3')).toEqual(['P-2:100.00:20.00']);
    await t.http
      .post('/v1/attribution/policies')
      .set(bearer(KEYS.finance))
      .send({ policy: { version: 'linear-v2', model: 'linear' }, effectiveFrom: '2026-03-01' })
      .expect(201);
    await t.app.get(ProjectionHost).catchUp();
    // P-1's half of C-3 is its third sourced conversion: registered's 20 % of 50.00, and silver only from then on.
    expect(await commission(t, 'C-3')).toEqual(['P-1:50.00:10.00', 'P-2:50.00:10.00']);
    const { body: tier } = await t.http.get('/v1/partners/P-1/tier').set(bearer(KEYS.finance)).expect(200);
    expect(tier).toMatchObject({ tier: 'silver', since: '2026-03-02T12:00:00.000Z' });
    const verified = (await t.http.get('/v1/ledger/verify').set(bearer(KEYS.finance)).expect(200)).body;
    expect(verified).toMatchObject({ ok: true });
  });
});
