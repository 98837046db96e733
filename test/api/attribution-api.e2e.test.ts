import { replay, DEFAULT_POLICY } from '@ledger/attribution/domain';
import { type AttributionDecision } from '@ledger/contracts';
import { EVENT_STORE, READ_MODEL_DB, type EventStore } from '@ledger/platform/event-store';
import { LEDGER_SOURCE, type RecordedEvent } from '@ledger/contracts';
import { AttributionReactor, DEFAULT_RECURRING_MONTHS } from '@ledger/attribution/application';
import { ProjectionRunner } from '@ledger/platform/projections';
import { type SqlDatabase } from '@ledger/platform/sql';
import { ProjectionHost } from '@ledger/platform/projections';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';
import { cloudEvent } from '../support/events';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';

const at = (day: string) => `2026-${day}T12:00:00Z`;
const usd = (amount: string) => ({ amount, currency: 'USD' });

/** A small but realistic program, posted the way upstream systems would. */
function scenario() {
  return [
    cloudEvent('partner.enrolled', { partnerId: 'P-1', name: 'Northwind Resellers', partnerType: 'reseller' }, { time: at('01-05') }),
    cloudEvent('partner.enrolled', { partnerId: 'P-2', name: 'Coupon Heaven', partnerType: 'affiliate' }, { time: at('01-05') }),
    cloudEvent('partner.enrolled', { partnerId: 'P-3', name: 'Blog Referrals', partnerType: 'referral' }, { time: at('01-05') }),
    // Deal registration of acme.com by P-1, approved; P-2's later claim is refused automatically.
    cloudEvent('deal.registered', { dealId: 'D-1', partnerId: 'P-1', accountDomain: 'acme.com' }, { time: at('03-01') }),
    cloudEvent('deal.approved', { dealId: 'D-1' }, { time: at('03-02') }),
    cloudEvent('deal.registered', { dealId: 'D-2', partnerId: 'P-2', accountDomain: 'www.ACME.com' }, { time: at('03-05') }),
    cloudEvent('click.recorded', { partnerId: 'P-3', visitorId: 'v-1' }, { time: at('03-03') }),
    cloudEvent('customer.identified', { customerId: 'CU-1', visitorId: 'v-1', accountDomain: 'acme.com' }, { time: at('03-04') }),
    // Coupon of P-2 redeemed by CU-2.
    cloudEvent('coupon.issued', { code: 'SAVE10', partnerId: 'P-2' }, { time: at('02-01') }),
    cloudEvent('coupon.redeemed', { code: 'SAVE10', customerId: 'CU-2' }, { time: at('03-10') }),
    // Clicks by two partners on one visitor of CU-3: last click wins.
    cloudEvent('click.recorded', { partnerId: 'P-3', visitorId: 'v-3' }, { time: at('03-01') }),
    cloudEvent('click.recorded', { partnerId: 'P-1', visitorId: 'v-3' }, { time: at('03-10') }),
    cloudEvent('customer.identified', { customerId: 'CU-3', visitorId: 'v-3', accountDomain: 'initech.com' }, { time: at('03-11') }),
    // Reserved account: a coupon there credits nobody.
    cloudEvent('account.reserved', { accountDomain: 'bigco.com' }, { time: at('01-01') }),
    cloudEvent('coupon.redeemed', { code: 'SAVE10', customerId: 'CU-4' }, { time: at('03-12') }),
    // P-3 suspended: its clicks no longer earn.
    cloudEvent('click.recorded', { partnerId: 'P-3', visitorId: 'v-5' }, { time: at('03-12') }),
    cloudEvent('customer.identified', { customerId: 'CU-5', visitorId: 'v-5' }, { time: at('03-13') }),
    cloudEvent('partner.status_changed', { partnerId: 'P-3', status: 'suspended' }, { time: at('03-14') }),
    // Conversions.
    cloudEvent(
      'deal.closed_won',
      { conversionId: 'C-1', customerId: 'CU-1', accountDomain: 'acme.com', amount: usd('2000.00') },
      { time: at('04-01') },
    ),
    cloudEvent(
      'deal.closed_won',
      { conversionId: 'C-2', customerId: 'CU-2', accountDomain: 'globex.com', amount: usd('500.00') },
      { time: at('03-15') },
    ),
    cloudEvent(
      'deal.closed_won',
      { conversionId: 'C-3', customerId: 'CU-3', accountDomain: 'initech.com', amount: usd('1000.00') },
      { time: at('03-20') },
    ),
    cloudEvent(
      'deal.closed_won',
      { conversionId: 'C-4', customerId: 'CU-4', accountDomain: 'bigco.com', amount: usd('750.00') },
      { time: at('03-21') },
    ),
    cloudEvent('invoice.paid', { invoiceId: 'INV-5', customerId: 'CU-5', amount: usd('99.00') }, { time: at('03-22') }),
    // A later invoice of CU-3 reuses C-3's credits inside the recurring window.
    cloudEvent('invoice.paid', { invoiceId: 'INV-31', customerId: 'CU-3', amount: usd('120.00') }, { time: at('05-01') }),
  ];
}

describe('attribution through the API', () => {
  let t: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    const response = await t.http.post('/v1/events').set(bearer(KEYS.ingest)).send(scenario()).expect(200);
    expect(response.body.results.every((r: { status: string }) => r.status === 'accepted')).toBe(true);
    await t.app.get(ProjectionHost).catchUp();
  });
  afterAll(async () => t.close());

  const attribution = (conversionId: string, key = KEYS.finance) =>
    t.http.get(`/v1/conversions/${conversionId}/attribution`).set(bearer(key));

  it('credits an approved deal registration outright, over clicks, with the commission the ledger booked', async () => {
    const { body } = await attribution('C-1').expect(200);
    expect(body).toMatchObject({ conversionId: 'C-1', policyVersion: 'default-v1' });
    expect(body.credits).toEqual([{ partnerId: 'P-1', weight: '1', revenue: '2000.00', commission: '400.00' }]);
    const won = body.candidates.find((c: { outcome: string }) => c.outcome === 'won');
    expect(won).toMatchObject({ partnerId: 'P-1', channel: 'deal_registration', reference: 'D-1' });
    expect(body.candidates.some((c: { partnerId: string; channel: string }) => c.partnerId === 'P-3' && c.channel === 'click')).toBe(true);
  });

  it('rejects a conflicting registration automatically, naming the holder and the end of its protection', async () => {
    const deal = await store.readStream('deal-D-2');
    const rejection = deal.find((r) => r.event.type === 'deal.rejected');
    expect(rejection?.event.source).toBe(LEDGER_SOURCE);
    const reason = (rejection?.event.data as { reason: string }).reason;
    expect(reason).toContain('P-1');
    expect(reason).toContain('2026-05-31');
  });

  it('credits the partner of a redeemed coupon', async () => {
    const { body } = await attribution('C-2', KEYS.analyst).expect(200);
    expect(body.credits).toEqual([{ partnerId: 'P-2', weight: '1', revenue: '500.00', commission: '100.00' }]);
  });

  it('credits the last click of the customer’s visitors', async () => {
    const { body } = await attribution('C-3').expect(200);
    expect(body.credits).toEqual([{ partnerId: 'P-1', weight: '1', revenue: '1000.00', commission: '200.00' }]);
    // P-3 was suspended on 03-14, before this conversion: its earlier click is skipped.
    const p3 = body.candidates.find((c: { partnerId: string }) => c.partnerId === 'P-3');
    expect(p3).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('suspended') });
  });

  it('credits nobody on a reserved account and skips a suspended partner', async () => {
    expect((await attribution('C-4').expect(200)).body.credits).toEqual([]);
    const suspended = (await attribution('INV-5').expect(200)).body;
    expect(suspended.credits).toEqual([]);
    expect(suspended.candidates).toEqual([expect.objectContaining({ partnerId: 'P-3', outcome: 'skipped' })]);
  });

  it('reuses the first credited conversion’s credits for a later invoice', async () => {
    const { body } = await attribution('INV-31').expect(200);
    expect(body).toMatchObject({ basis: 'recurring', recurringOf: 'C-3' });
    expect(body.credits).toEqual([{ partnerId: 'P-1', weight: '1', revenue: '120.00', commission: '24.00' }]);
  });

  it('answers 404 for an unknown conversion and 403 outside finance and analyst', async () => {
    await attribution('nope').expect(404);
    await attribution('C-1', KEYS.partner).expect(403);
    await attribution('C-1', KEYS.ingest).expect(403);
  });

  it('records each decision once as an event, equal to a pure replay of the upstream facts', async () => {
    const all = await readEverything(store);
    const recorded = all.filter((r) => r.event.type === 'attribution.decided').map((r) => r.event.data as AttributionDecision);
    expect(recorded.map((d) => d.conversionId).sort()).toEqual(['C-1', 'C-2', 'C-3', 'C-4', 'INV-31', 'INV-5']);
    const upstream = all.filter((r) => r.event.source !== LEDGER_SOURCE);
    const replayed = replay(upstream, { policy: DEFAULT_POLICY, recurringMonths: DEFAULT_RECURRING_MONTHS }).outputs.flatMap((output) =>
      output.kind === 'decision' ? [output.decision] : [],
    );
    expect(replayed).toEqual(recorded);
  });

  it('rebuilds into an empty read model with the same decisions and appends nothing new', async () => {
    const head = await store.headPosition();
    const fresh = await openMemoryDatabase();
    const runner = new ProjectionRunner(new AttributionReactor(), store, fresh);
    try {
      await runner.start();
      await runner.waitFor(head);
      expect(await store.headPosition()).toBe(head);
      const rebuilt = await fresh.query<{ decision: string }>('SELECT decision FROM attribution_decisions ORDER BY position');
      const live = await readDecisionRows(t);
      expect(rebuilt.map((r) => r.decision)).toEqual(live);
    } finally {
      await runner.stop();
      await fresh.close();
    }
  });
});

async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let batch = await store.readAll(0, 500); batch.length > 0; batch = await store.readAll(all[all.length - 1].position, 500)) {
    all.push(...batch);
  }
  return all;
}

async function readDecisionRows(t: TestApp): Promise<string[]> {
  const db = t.app.get<SqlDatabase>(READ_MODEL_DB);
  return (await db.query<{ decision: string }>('SELECT decision FROM attribution_decisions ORDER BY position')).map((r) => r.decision);
}

describe('attribution across a restart', () => {
  it('continues from the touch state and checkpoint stored in SQL, deciding as an uninterrupted run', async () => {
    const events = scenario();
    const cut = events.findIndex((e) => e.type === 'deal.closed_won');
    const first = await startTestApp();
    const posted = await first.http.post('/v1/events').set(bearer(KEYS.ingest)).send(events.slice(0, cut)).expect(200);
    await first.app.get(ProjectionHost).waitFor(posted.body.results.at(-1).position);
    await first.close({ keepData: true });

    const second = await startTestApp({}, first.config.dataDir);
    try {
      const rest = await second.http.post('/v1/events').set(bearer(KEYS.ingest)).send(events.slice(cut)).expect(200);
      await second.app.get(ProjectionHost).waitFor(rest.body.results.at(-1).position);
      const all = await readEverything(second.app.get<EventStore>(EVENT_STORE));
      const upstream = all.filter((r) => r.event.source !== LEDGER_SOURCE);
      const expected = replay(upstream, { policy: DEFAULT_POLICY, recurringMonths: DEFAULT_RECURRING_MONTHS }).outputs.flatMap((o) =>
        o.kind === 'decision' ? [o.decision] : [],
      );
      const recorded = all.filter((r) => r.event.type === 'attribution.decided').map((r) => r.event.data);
      expect(recorded).toEqual(expected);
      expect(expected).toHaveLength(6);
    } finally {
      await second.close();
    }
  });
});
