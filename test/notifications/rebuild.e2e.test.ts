import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { liveProjections } from '@ledger/composition';
import { loadConfig } from '@ledger/platform/config';
import { openStorage, READ_MODEL_DB } from '@ledger/platform/event-store';
import { ProjectionHost, rebuildProjections } from '@ledger/platform/projections';
import type { SqlDatabase } from '@ledger/platform/sql';
import { NOTIFICATION_KINDS } from '@ledger/notifications/domain';
import { ledgerScenario } from '../support/ledger-scenario';
import { bearer, KEYS, startTestApp, TEST_API_KEYS, type TestApp } from '../support/test-app';
import { sleep, waitUntil, WebhookReceiver } from './support/receiver';

/** `ledger rebuild` drops and replays the ledger, but never the outbox: nothing is sent twice. */
describe('notifications across a rebuild of the projections', () => {
  const receiver = new WebhookReceiver();
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-rebuild-'));
  const env = { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_SCHEDULE: '200ms' };
  let t: TestApp | undefined;
  const outbox = (app: TestApp) =>
    app.app
      .get<SqlDatabase>(READ_MODEL_DB)
      .query('SELECT seq, notification_id, kind, partner_id, occurred_at, data FROM notification_outbox ORDER BY seq');

  beforeAll(async () => {
    await receiver.start();
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes the same notifications again, which are already there: the outbox and the receiver see nothing new', async () => {
    t = await startTestApp(env, dataDir);
    const registered = await t.http
      .post('/v1/webhooks')
      .set(bearer(KEYS.admin))
      .send({ url: receiver.url, events: [...NOTIFICATION_KINDS] })
      .expect(201);
    receiver.secret = registered.body.secret;
    await t.http.post('/v1/events').set(bearer(KEYS.ingest)).send(ledgerScenario()).expect(200);
    await t.app.get(ProjectionHost).catchUp();
    const before = await outbox(t);
    await waitUntil(
      () => new Set(receiver.delivered().map((c) => c.webhookId)).size === before.length,
      'every notification delivered',
      60_000,
    );
    const calls = receiver.calls.length;
    await t.close({ keepData: true });
    t = undefined;

    // What `npm run ledger -- rebuild` does, on the same data directory.
    const storage = await openStorage(loadConfig({ DATA_DIR: dataDir, API_KEYS: TEST_API_KEYS }));
    const noProgress = { start: () => undefined, update: () => undefined, setTotal: () => undefined, stop: () => undefined };
    try {
      await rebuildProjections(storage.eventStore, storage.readModels, liveProjections(), noProgress);
      expect(Number((await storage.readModels.query<{ n: string }>('SELECT count(*) AS n FROM ledger_lines'))[0].n)).toBeGreaterThan(10);
    } finally {
      await storage.close();
    }

    t = await startTestApp(env, dataDir);
    await t.app.get(ProjectionHost).catchUp();
    expect(await outbox(t)).toEqual(before);
    await sleep(1000);
    expect(receiver.calls.length).toBe(calls);
  }, 150_000);
});
