import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOTIFICATION_KINDS } from '@ledger/notifications/domain';
import { startProcess, withDatabase, type ProductProcess } from '../resilience/support/processes';
import { ledgerScenario } from '../support/ledger-scenario';
import { createScratchDatabase, describeWithPostgres } from '../support/postgres';
import { KEYS, TEST_API_KEYS } from '../support/test-app';
import { byPartner, firstArrivalsByPartner, sleep, waitUntil, WebhookReceiver } from './support/receiver';

/*
 * The API process killed with SIGKILL while it delivers (SPEC §10: pending deliveries survive a
 * restart): the real entry point on PostgreSQL, killed while a call is in flight, started again.
 */
describeWithPostgres('webhook deliveries across an API crash', () => {
  const receiver = new WebhookReceiver();
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
  let database: { url: string; drop(): Promise<void> };
  let api: ProductProcess | undefined;
  const env = () => ({
    EVENT_STORE: 'postgres',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    API_KEYS: TEST_API_KEYS,
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_RETRY_SCHEDULE: '200ms',
    WEBHOOK_TIMEOUT_MS: '1500',
  });
  const start = () => startProcess('apps/api/src/main.ts', env(), { portVariable: 'PORT', ready: /listening on/ });
  const call = async (path: string, body: unknown, key: string) => {
    const response = await fetch(`http://127.0.0.1:${api?.port}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    database = await createScratchDatabase();
    await receiver.start();
  });
  afterAll(async () => {
    await api?.stop();
    await receiver.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers every notification at least once, in order per partner, with a stable webhook-id, none lost', async () => {
    api = await start();
    const registered = await call('/v1/webhooks', { url: receiver.url, events: [...NOTIFICATION_KINDS] }, KEYS.admin);
    expect(registered.status).toBe(201);
    receiver.secret = registered.body.secret as string;
    // Each answer takes a while, so the kill finds a call in flight.
    receiver.delayMillis = 250;
    expect((await call('/v1/events', ledgerScenario(), KEYS.ingest)).status).toBe(200);

    await waitUntil(() => receiver.arrivals.length >= 3 && receiver.inFlight > 0, 'a delivery in flight');
    const inFlight = receiver.arrivals[receiver.arrivals.length - 1];
    await api.stop('SIGKILL');
    // The cut call is answered into the void; what arrives after this came from the restarted process.
    await sleep(receiver.delayMillis + 100);
    const before = receiver.calls.length;

    api = await start();
    const outbox = () =>
      withDatabase(
        database.url,
        async (client) =>
          (
            await client.query<{ notification_id: string; partner_id: string }>(
              'SELECT notification_id, partner_id FROM notification_outbox ORDER BY seq',
            )
          ).rows,
      );
    await waitUntil(
      async () => {
        const rows = await outbox();
        const got = new Set(receiver.delivered().map((c) => c.webhookId));
        return rows.length > 5 && rows.every((row) => got.has(row.notification_id));
      },
      'every notification delivered after the restart',
      90_000,
    );

    const expected = await outbox();
    expect(receiver.calls.every((c) => c.verified)).toBe(true);
    expect(firstArrivalsByPartner(receiver.calls)).toEqual(byPartner(expected));
    // The call cut by the crash was never recorded as delivered: it came again, with the same webhook-id.
    expect(receiver.calls.slice(before).some((c) => c.webhookId === inFlight)).toBe(true);
    expect(receiver.calls.filter((c) => c.webhookId === inFlight).length).toBeGreaterThanOrEqual(2);
    const ids = new Set(expected.map((row) => row.notification_id));
    expect(receiver.calls.every((c) => ids.has(c.webhookId) && c.body.id === c.webhookId)).toBe(true);
  }, 150_000);
});
