import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOTIFICATION_KINDS } from '@ledger/notifications/domain';
import { loadConfig } from '@ledger/platform/config';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { ProjectionHost } from '@ledger/platform/projections';
import type { SqlDatabase } from '@ledger/platform/sql';
import { createApp } from '../apps/api/src/create-app';
import { printComparison, type Measurement } from './report';
import { syntheticHistory } from './synthetic-history';

/**
 * Notifications out (SPEC §10): a synthetic program is posted to the real app on the embedded
 * store with one webhook registered for every kind, pointing at a local receiver. Figure: the
 * notifications delivered per second (from the first booked to the last received) beside the rate
 * the ledger booked them (from the first POST until every projection caught up), and the delivery
 * lag of each notification (received at the receiver − written to the outbox), p50 and p99.
 */
const EVENTS = Number(process.env.NOTIFICATIONS_BENCH_EVENTS ?? 20_000);
const BATCH = 1000;
const ADMIN = 'bench-admin-key-00001';

export async function notificationsBench(): Promise<void> {
  const arrivals = new Map<string, number>();
  const receiver = createServer((request: IncomingMessage, response: ServerResponse) => {
    const id = String(request.headers['webhook-id']);
    request.resume();
    request.on('end', () => {
      if (!arrivals.has(id)) arrivals.set(id, Date.now());
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-notifications-'));
  const app = await createApp(
    loadConfig({ DATA_DIR: dataDir, API_KEYS: `${ADMIN}:admin`, LOG_LEVEL: 'silent', WEBHOOK_ALLOW_PRIVATE: 'true' }),
  );
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const headers = { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' };
  try {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const registered = await fetch(`${base}/v1/webhooks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url, events: NOTIFICATION_KINDS }),
    });
    if (registered.status !== 201) throw new Error(`webhook registration answered ${registered.status}: ${await registered.text()}`);

    const events = [...syntheticHistory({ events: EVENTS, seed: 20260304 })].map((recorded) => recorded.event);
    const started = Date.now();
    for (let i = 0; i < events.length; i += BATCH) {
      const answer = await fetch(`${base}/v1/events`, { method: 'POST', headers, body: JSON.stringify(events.slice(i, i + BATCH)) });
      if (answer.status !== 200) throw new Error(`POST /v1/events answered ${answer.status}`);
    }
    await app.get(ProjectionHost).catchUp(600_000);
    const booked = Date.now();
    const db = app.get<SqlDatabase>(READ_MODEL_DB);
    const outbox = await db.query<{ notification_id: string; recorded_at: Date | string }>(
      'SELECT notification_id, recorded_at FROM notification_outbox ORDER BY seq',
    );
    if (outbox.length === 0) throw new Error(`no notification from ${EVENTS} events: raise NOTIFICATIONS_BENCH_EVENTS`);
    while (arrivals.size < outbox.length) {
      if (Date.now() - booked > 600_000) throw new Error(`only ${arrivals.size} of ${outbox.length} notifications arrived in 10 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const firstWritten = Math.min(...outbox.map((row) => new Date(row.recorded_at).getTime()));
    const lastArrival = Math.max(...arrivals.values());
    const delivered: Measurement = { label: 'delivered to the receiver', operations: outbox.length, millis: lastArrival - firstWritten };
    const booking: Measurement = { label: 'baseline: booked by the ledger', operations: outbox.length, millis: booked - started };
    printComparison(
      `notifications out: ${outbox.length.toLocaleString('en-US')} notifications from ${EVENTS.toLocaleString('en-US')} upstream events, embedded store (notifications/s)`,
      'notifications',
      delivered,
      booking,
    );
    const lags = outbox
      .map((row) => (arrivals.get(row.notification_id) as number) - new Date(row.recorded_at).getTime())
      .sort((a, b) => a - b);
    const quantile = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))];
    console.log(`  delivery lag (outbox → receiver): p50 ${quantile(0.5)} ms, p99 ${quantile(0.99)} ms, max ${lags[lags.length - 1]} ms`);
    // Deliveries to one partner go one after another (in order per partner): the busiest partner bounds the rate.
    const [busiest] = await db.query<{ partner_id: string; n: string | number; partners: string | number }>(
      'SELECT partner_id, count(*) AS n, (SELECT count(DISTINCT partner_id) FROM notification_outbox) AS partners FROM notification_outbox GROUP BY partner_id ORDER BY n DESC LIMIT 1',
    );
    const [attempts] = await db.query<{ attempts: string | number; duration: string | number }>(
      'SELECT sum(attempts) AS attempts, round(avg(last_duration_ms)) AS duration FROM webhook_deliveries',
    );
    console.log(`  ${attempts.attempts} attempts, ${attempts.duration} ms per call on average at the sender`);
    console.log(`  ${busiest.partners} partners; the busiest, ${busiest.partner_id}, has ${busiest.n} of the notifications`);
  } finally {
    await app.close();
    receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  notificationsBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
