import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { ProjectionHost } from '@ledger/platform/projections';
import type { SqlDatabase } from '@ledger/platform/sql';
import { NOTIFICATION_KINDS } from '@ledger/notifications/domain';
import { cloudEvent } from '../support/events';
import { at, ledgerScenario } from '../support/ledger-scenario';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';
import { byPartner, firstArrivalsByPartner, sleep, waitUntil, WebhookReceiver } from './support/receiver';

/*
 * Webhooks end to end (SPEC §10): the real app on the embedded store, a real HTTP receiver that
 * verifies every signature with the standardwebhooks library, fails on purpose, hangs past the
 * timeout, is closed and comes back.
 */

interface OutboxRow {
  seq: number;
  notification_id: string;
  kind: string;
  partner_id: string;
  data: { transactionId?: string };
}

describe('webhook registration refuses what it must (SPEC §5, §10)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  it.each([
    'http://127.0.0.1:9/hook',
    'http://localhost:9/hook',
    'http://[::1]:9/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.7/',
  ])('refuses %s with 400 naming url', async (url) => {
    const { body } = await t.http
      .post('/v1/webhooks')
      .set(bearer(KEYS.admin))
      .send({ url, events: ['payout.paid'] })
      .expect(400);
    expect(body.errors).toEqual([{ path: 'url', message: expect.stringMatching(/private, loopback or link-local|does not resolve/) }]);
  });

  it('refuses other schemes, unknown kinds and other roles', async () => {
    const scheme = await t.http
      .post('/v1/webhooks')
      .set(bearer(KEYS.admin))
      .send({ url: 'ftp://example.com/x', events: ['payout.paid'] })
      .expect(400);
    expect(scheme.body.errors).toEqual([{ path: 'url', message: 'must use http or https' }]);
    const kind = await t.http
      .post('/v1/webhooks')
      .set(bearer(KEYS.admin))
      .send({ url: 'https://example.com/x', events: ['payout.sent'] })
      .expect(400);
    expect(kind.body.errors[0].path).toBe('events[0]');
    await t.http
      .post('/v1/webhooks')
      .set(bearer(KEYS.finance))
      .send({ url: 'https://example.com/x', events: ['payout.paid'] })
      .expect(403);
    await t.http.get('/v1/webhooks').set(bearer(KEYS.finance)).expect(403);
    await t.http.get('/v1/webhooks/wh_nope/deliveries').set(bearer(KEYS.admin)).expect(404);
  });
});

describe('webhook deliveries to a real receiver (SPEC §10)', () => {
  let t: TestApp;
  let db: SqlDatabase;
  const receiver = new WebhookReceiver();
  let webhookId = '';
  const outbox = () => db.query<OutboxRow>('SELECT seq, notification_id, kind, partner_id, data FROM notification_outbox ORDER BY seq');

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_SCHEDULE: '200ms,400ms', WEBHOOK_TIMEOUT_MS: '1000' });
    db = t.app.get<SqlDatabase>(READ_MODEL_DB);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('registers a webhook once per Idempotency-Key, answers its secret once and never lists it', async () => {
    const request = { url: receiver.url, events: [...NOTIFICATION_KINDS] };
    const first = await t.http.post('/v1/webhooks').set(bearer(KEYS.admin)).set('Idempotency-Key', 'wh-1').send(request).expect(201);
    expect(first.body).toEqual({
      id: expect.stringMatching(/^wh_[0-9a-f]{24}$/),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+=*$/),
    });
    const again = await t.http.post('/v1/webhooks').set(bearer(KEYS.admin)).set('Idempotency-Key', 'wh-1').send(request).expect(201);
    expect(again.body).toEqual(first.body);
    await t.http
      .post('/v1/webhooks')
      .set(bearer(KEYS.admin))
      .set('Idempotency-Key', 'wh-1')
      .send({ ...request, events: ['payout.paid'] })
      .expect(422);
    webhookId = first.body.id;
    receiver.secret = first.body.secret;
    const list = await t.http.get('/v1/webhooks?limit=10').set(bearer(KEYS.admin)).expect(200);
    expect(list.body).toEqual({
      items: [
        { id: webhookId, url: receiver.url, events: [...NOTIFICATION_KINDS], createdAt: expect.any(String), createdBy: expect.any(String) },
      ],
      nextCursor: null,
    });
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
  });

  it('delivers every notification at least once, in order per partner, with a stable webhook-id, across failures, timeouts and a receiver outage', async () => {
    // The receiver fails P-1's first three calls and leaves P-3's first call unanswered (past the 1 s timeout).
    let p1 = 0;
    let p3 = 0;
    receiver.behave = (call) => {
      if (call.partnerId === 'P-1' && (p1 += 1) <= 3) return 'fail';
      if (call.partnerId === 'P-3' && (p3 += 1) === 1) return 'hang';
      return 'ok';
    };
    const events = [
      ...ledgerScenario(),
      cloudEvent('deal.registered', { dealId: 'D-9', partnerId: 'P-3', accountDomain: 'z9.example' }, { time: at('02-02') }),
      cloudEvent('deal.approved', { dealId: 'D-9', protectionDays: 60 }, { time: at('02-03') }),
    ];
    await t.http.post('/v1/events').set(bearer(KEYS.ingest)).send(events).expect(200);
    await t.app.get(ProjectionHost).catchUp();
    const run = await t.http
      .post('/v1/payout-runs')
      .set(bearer(KEYS.finance))
      .send({ asOf: '2026-06-01T00:00:00Z', minimum: { USD: '1.00' } });
    expect(run.status).toBe(201);
    const payouts = run.body.payouts as Array<{ payoutId: string; partnerId: string }>;
    expect(payouts.length).toBeGreaterThanOrEqual(2);
    await t.http
      .post('/v1/events')
      .set(bearer(KEYS.ingest))
      .send([
        cloudEvent('payout.paid', { payoutId: payouts[0].payoutId }, { time: at('06-02') }),
        cloudEvent('payout.failed', { payoutId: payouts[1].payoutId, reason: 'account closed' }, { time: at('06-02') }),
      ])
      .expect(200);
    await t.app.get(ProjectionHost).catchUp();

    // The receiver goes away for a while and comes back on the same port.
    await waitUntil(() => receiver.delivered().length >= 3, 'the first deliveries');
    const port = receiver.port;
    await receiver.stop();
    await sleep(800);
    await receiver.start(port);

    const expected = await outbox();
    // (Risk screening may add commission.held and commission.released: not asserted here.)
    expect([...new Set(expected.map((row) => row.kind))]).toEqual(
      expect.arrayContaining([
        'commission.booked',
        'commission.clawed_back',
        'tier.changed',
        'deal.status_changed',
        'payout.scheduled',
        'payout.paid',
        'payout.failed',
      ]),
    );
    await waitUntil(
      () => {
        const got = new Set(receiver.delivered().map((call) => call.webhookId));
        return expected.every((row) => got.has(row.notification_id));
      },
      'every notification delivered',
      90_000,
    );

    // Every call verified, and nothing arrived that the outbox does not hold.
    expect(receiver.calls.every((call) => call.verified)).toBe(true);
    const ids = new Set(expected.map((row) => row.notification_id));
    expect(receiver.calls.filter((call) => !ids.has(call.webhookId))).toEqual([]);
    // In order per partner: the first arrival of each notification follows the outbox's order.
    expect(firstArrivalsByPartner(receiver.calls)).toEqual(byPartner(expected));
    // The webhook-id is the notification id on every attempt, and the body says the same.
    for (const call of receiver.calls) expect(call.body.id).toBe(call.webhookId);
    const retried = receiver.calls.filter((call) => call.answered !== 200).map((call) => call.webhookId);
    expect(retried.length).toBeGreaterThanOrEqual(4);
    for (const id of retried) expect(receiver.delivered().some((call) => call.webhookId === id)).toBe(true);

    // Nothing is told of a fact the ledger did not commit: each transaction notification names a stored ledger transaction.
    const stored = new Set(
      (await db.query<{ transaction_id: string }>('SELECT DISTINCT transaction_id FROM ledger_lines')).map((row) => row.transaction_id),
    );
    for (const row of expected.filter((r) => r.data.transactionId !== undefined))
      expect(stored.has(row.data.transactionId as string)).toBe(true);
  }, 120_000);

  it('keeps a delivery log with attempts, status codes, durations and errors, paged', async () => {
    await waitUntil(async () => {
      const pending = await t.http.get(`/v1/webhooks/${webhookId}/deliveries?status=pending`).set(bearer(KEYS.admin));
      return pending.body.items.length === 0;
    }, 'no pending deliveries');
    const all: Array<Record<string, unknown>> = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<Record<string, unknown>>; nextCursor: string | null } } = await t.http
        .get(`/v1/webhooks/${webhookId}/deliveries?limit=5${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(KEYS.admin))
        .expect(200);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all.length).toBe((await outbox()).length);
    expect(all.every((item) => item.status === 'delivered' && item.lastStatusCode === 200 && typeof item.durationMs === 'number')).toBe(
      true,
    );
    expect(all.some((item) => (item.attempts as number) > 1)).toBe(true);
    await t.http.get(`/v1/webhooks/${webhookId}/deliveries?status=lost`).set(bearer(KEYS.admin)).expect(400);
  });

  it('replays one delivery on request, with the same webhook-id', async () => {
    const { body } = await t.http.get(`/v1/webhooks/${webhookId}/deliveries?limit=1`).set(bearer(KEYS.admin)).expect(200);
    const [delivery] = body.items as Array<{ deliveryId: string; notificationId: string }>;
    const before = receiver.delivered().filter((call) => call.webhookId === delivery.notificationId).length;
    const replay = await t.http
      .post(`/v1/webhooks/${webhookId}/deliveries/${delivery.deliveryId}/replay`)
      .set(bearer(KEYS.admin))
      .set('Idempotency-Key', 'replay-1')
      .expect(202);
    expect(replay.body).toMatchObject({ deliveryId: delivery.deliveryId, status: 'pending' });
    await waitUntil(
      () => receiver.delivered().filter((call) => call.webhookId === delivery.notificationId).length === before + 1,
      'the replayed delivery',
    );
    await t.http.post(`/v1/webhooks/${webhookId}/deliveries/999999/replay`).set(bearer(KEYS.admin)).expect(404);
  });

  it('deletes a webhook: no longer listed, nothing more sent', async () => {
    await t.http.delete(`/v1/webhooks/${webhookId}`).set(bearer(KEYS.admin)).expect(204);
    await t.http.delete(`/v1/webhooks/${webhookId}`).set(bearer(KEYS.admin)).expect(404);
    expect((await t.http.get('/v1/webhooks').set(bearer(KEYS.admin)).expect(200)).body.items).toEqual([]);
    const calls = receiver.calls.length;
    await t.http
      .post('/v1/events')
      .set(bearer(KEYS.ingest))
      .send([cloudEvent('deal.registered', { dealId: 'D-10', partnerId: 'P-3', accountDomain: 'z10.example' }, { time: at('07-01') })])
      .expect(200);
    await t.app.get(ProjectionHost).catchUp();
    await sleep(600);
    expect(receiver.calls.length).toBe(calls);
  });
});
