import { NOTIFICATION_KINDS } from '@ledger/notifications/domain';
import { ProjectionHost } from '@ledger/platform/projections';
import { cloudEvent } from '../support/events';
import { at, ledgerScenario, usd } from '../support/ledger-scenario';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';
import { waitUntil, WebhookReceiver } from './support/receiver';

/*
 * Issue 19's promise: a receiver that verifies signatures gets every kind of SPEC §10 for a
 * program that does everything once — commissions booked, clawed back, held and released, payouts
 * scheduled, paid and failed, a promotion, deal registrations, a policy adoption that revises a
 * conversion, and an upheld dispute.
 */
describe('every kind of notification reaches a verifying receiver (SPEC §10)', () => {
  let t: TestApp;
  const receiver = new WebhookReceiver();
  const catchUp = () => t.app.get(ProjectionHost).catchUp();
  const post = (path: string, body: object, key = KEYS.finance) => t.http.post(path).set(bearer(key)).send(body);
  const ingest = async (events: object[]) => {
    await post('/v1/events', events, KEYS.ingest).expect(200);
    await catchUp();
  };

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_SCHEDULE: '200ms', WEBHOOK_TIMEOUT_MS: '2000' });
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('delivers all eleven kinds, each call verified', async () => {
    const registered = await post('/v1/webhooks', { url: receiver.url, events: [...NOTIFICATION_KINDS] }, KEYS.admin).expect(201);
    receiver.secret = registered.body.secret;
    await ingest([
      ...ledgerScenario(),
      // A self-referral, held and then released.
      cloudEvent(
        'partner.enrolled',
        { partnerId: 'P-9', name: 'Own Site', partnerType: 'reseller', websiteDomain: 'own.example' },
        { time: '2025-06-01T00:00:00Z' },
      ),
      cloudEvent('deal.registered', { dealId: 'D-9', partnerId: 'P-9', accountDomain: 'own.example' }, { time: at('02-01') }),
      cloudEvent('deal.approved', { dealId: 'D-9' }, { time: at('02-02') }),
      cloudEvent(
        'deal.closed_won',
        { conversionId: 'C-9', customerId: 'CU-9', accountDomain: 'own.example', amount: usd('900.00') },
        { time: at('02-20') },
      ),
      // Two partners' clicks before one deal: last click credits P-1, first click would credit P-3.
      cloudEvent('click.recorded', { partnerId: 'P-3', visitorId: 'v-x' }, { time: at('02-03') }),
      cloudEvent('click.recorded', { partnerId: 'P-1', visitorId: 'v-x' }, { time: at('02-04') }),
      cloudEvent('customer.identified', { customerId: 'CU-x', visitorId: 'v-x' }, { time: at('02-04') }),
      cloudEvent(
        'deal.closed_won',
        { conversionId: 'C-x', customerId: 'CU-x', accountDomain: 'x.example', amount: usd('700.00') },
        { time: at('02-25') },
      ),
    ]);
    const { body: flags } = await t.http.get('/v1/risk/flags?partnerId=P-9').set(bearer(KEYS.finance)).expect(200);
    await post(`/v1/risk/flags/${flags.items[0].flagId}/decision`, { decision: 'release', reason: 'the customer is real' }).expect(201);
    await post('/v1/attribution/policies', {
      policy: { version: 'first-click', model: 'first_click' },
      effectiveFrom: '2026-02-24',
    }).expect(201);
    await catchUp();
    const run = await post('/v1/payout-runs', { asOf: '2026-06-01T00:00:00Z', minimum: { USD: '1.00' } }).expect(201);
    const payouts = run.body.payouts as Array<{ payoutId: string }>;
    await ingest([
      cloudEvent('payout.paid', { payoutId: payouts[0].payoutId }, { time: at('06-02') }),
      cloudEvent('payout.failed', { payoutId: payouts[1].payoutId, reason: 'account closed' }, { time: at('06-02') }),
    ]);
    const { body: statement } = await t.http.get('/v1/partners/P-1/statement').set(bearer(KEYS.partner)).expect(200);
    const { body: dispute } = await post(
      '/v1/partners/P-1/disputes',
      { lineId: statement.lines[0].lineId, message: 'rate' },
      KEYS.partner,
    ).expect(201);
    await post(`/v1/disputes/${dispute.disputeId}/resolution`, { outcome: 'upheld', reason: 'agreed', adjustment: usd('10.00') }).expect(
      201,
    );
    await catchUp();

    await waitUntil(
      () => new Set(receiver.delivered().map((call) => call.type)).size === NOTIFICATION_KINDS.length,
      'a delivery of every kind',
      60_000,
    );
    expect([...new Set(receiver.delivered().map((call) => call.type))].sort()).toEqual([...NOTIFICATION_KINDS].sort());
    expect(receiver.calls.every((call) => call.verified)).toBe(true);
    const released = receiver.delivered().find((call) => call.type === 'commission.released');
    expect(released?.partnerId).toBe('P-9');
  }, 150_000);
});
