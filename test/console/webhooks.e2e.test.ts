import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@ledger/platform/config';
import { ProjectionHost } from '@ledger/platform/projections';
import { createApp } from '../../apps/api/src/create-app';
import { cloudEvent } from '../support/events';
import { browserMissing, buildConsole, CHROMIUM, screenshot, signIn } from './support/console-harness';

/**
 * The admin's webhooks page in a real browser (SPEC §10, issue 19) against the real API and a real
 * HTTP receiver on 127.0.0.1 (hence WEBHOOK_ALLOW_PRIVATE=true, and a retry schedule in
 * milliseconds): the admin registers the receiver through the form (the API's 400 shown beside
 * each field first), copies the secret from the one-time panel, and the receiver verifies every
 * call with it; a booked commission shows in the delivery log as delivered with 200; while the
 * receiver answers 500 the log shows the failed attempts and their status code, and a replay
 * (confirmed, with an Idempotency-Key) delivers it; the webhook is deleted after a confirmation.
 */
const KEYS = {
  admin: 'webhooks-console-admin-key-1',
  finance: 'webhooks-console-finance-k1',
  ingest: 'webhooks-console-ingest-key1',
};
const PARTNER = 'P-HOOK';
const skip = browserMissing();
const suite = skip ? describe.skip : describe;

interface Delivery {
  deliveryId: string;
  notificationId: string;
  kind: string;
  partnerId: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  durationMs: number | null;
  error: string | null;
}
interface Call {
  webhookId: string;
  type: string;
  verified: boolean;
  answered: number;
}

/** A receiver as a partner would run one: verifies each call with the secret, answers 200 or, when told to fail, 500. */
class Receiver {
  readonly calls: Call[] = [];
  secret = '';
  failing = false;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let verified = false;
        try {
          new Webhook(this.secret).verify(raw, req.headers as Record<string, string>);
          verified = true;
        } catch {
          verified = false;
        }
        const answered = !verified ? 400 : this.failing ? 500 : 200;
        this.calls.push({
          webhookId: String(req.headers['webhook-id']),
          type: (JSON.parse(raw) as { type: string }).type,
          verified,
          answered,
        });
        res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered === 200 ? 'ok' : 'no');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/ledger`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMillis = 15_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMillis) throw new Error(`timed out after ${timeoutMillis} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

suite('the admin’s webhooks page', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ledger-console-webhooks-'));
  const consoleDir = join(scratch, 'console');
  const receiver = new Receiver();
  let app: INestApplication;
  let url = '';
  let browser: Browser;
  let admin: Page;
  let webhookId = '';
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const call = async <T>(key: string, path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(url + path, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${key}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const deliveries = async () => (await call<{ items: Delivery[] }>(KEYS.admin, `/v1/webhooks/${webhookId}/deliveries`)).body.items;
  /** A deal credited to the partner and won: the ledger books its commission (commission.booked). */
  const bookCommission = async (n: number) => {
    const posted = await call<{ results: Array<{ status: string }> }>(KEYS.ingest, '/v1/events', {
      method: 'POST',
      body: [
        cloudEvent(
          'deal.registered',
          { dealId: `D-HOOK-${n}`, partnerId: PARTNER, accountDomain: `customer-${n}.example` },
          { source: 'crm', time: daysAgo(20) },
        ),
        cloudEvent('deal.approved', { dealId: `D-HOOK-${n}`, protectionDays: 90 }, { source: 'crm', time: daysAgo(19) }),
        cloudEvent(
          'deal.closed_won',
          {
            conversionId: `C-HOOK-${n}`,
            customerId: `CU-${n}`,
            accountDomain: `customer-${n}.example`,
            amount: { amount: '1000.00', currency: 'USD' },
          },
          { source: 'crm', time: daysAgo(5) },
        ),
      ],
    });
    expect(posted.body.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    await app.get(ProjectionHost).catchUp();
  };
  /** A delivery's row, found by its notification id (delivery ids are small numbers). */
  const row = (page: Page, delivery: Delivery) => page.getByTestId('deliveries').locator('tbody tr', { hasText: delivery.notificationId });
  const noScriptErrors = (page: Page) => expect((page as Page & { scriptErrors?: string[] }).scriptErrors ?? []).toEqual([]);

  beforeAll(async () => {
    await Promise.all([buildConsole(consoleDir), receiver.start()]);
    const config = loadConfig({
      DATA_DIR: join(scratch, 'data'),
      API_KEYS: `${KEYS.admin}:admin,${KEYS.finance}:finance,${KEYS.ingest}:ingest`,
      LOG_LEVEL: 'silent',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_RETRY_SCHEDULE: '300ms',
      WEBHOOK_RETRY_WINDOW: '2s',
      WEBHOOK_TIMEOUT_MS: '2000',
    });
    app = await createApp(config, { consoleDir });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const enrolled = await call(KEYS.ingest, '/v1/events', {
      method: 'POST',
      body: [cloudEvent('partner.enrolled', { partnerId: PARTNER, name: 'Hook Partners', partnerType: 'referral' }, { time: daysAgo(90) })],
    });
    expect(enrolled.status).toBe(200);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await receiver.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('is the admin’s page only: finance has no Webhooks in its navigation', async () => {
    const finance = await signIn(browser, url, KEYS.finance);
    const nav = finance.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Risk' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Webhooks' }).count()).toBe(0);
    expect((await call(KEYS.finance, '/v1/webhooks')).status).toBe(403);
    await finance.close();

    admin = await signIn(browser, url, KEYS.admin);
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await admin.getByText('No webhook is registered: nothing is sent.').waitFor();
    noScriptErrors(admin);
  }, 30_000);

  it('registers the receiver: the API’s 400 beside each field, then the secret once, with a copy button', async () => {
    const form = admin.getByRole('form', { name: 'Register webhook' });
    await form.getByLabel('URL').fill('ftp://example.com/hook');
    await form.getByRole('button', { name: 'Register webhook' }).click();
    await admin.locator('#webhook-url-error').waitFor();
    expect(await admin.locator('#webhook-url-error').textContent()).toBe('must use http or https');
    expect(await admin.locator('#webhook-events-error').textContent()).toMatch(/must be a non-empty array of kinds/);
    await screenshot(admin, 'admin-webhook-register-errors');

    await form.getByLabel('URL').fill(receiver.url);
    await form.getByLabel('commission.booked').check();
    const sent = admin.waitForRequest((request) => request.url().endsWith('/v1/webhooks') && request.method() === 'POST');
    await form.getByRole('button', { name: 'Register webhook' }).click();
    const request = await sent;
    expect(request.headers()['idempotency-key']).toBeTruthy();
    expect(request.postDataJSON()).toEqual({ url: receiver.url, events: ['commission.booked'] });
    const panel = admin.getByTestId('webhook-secret');
    await panel.waitFor();
    const secret = (await panel.getByTestId('secret-value').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(await panel.textContent()).toContain('It will not be shown again.');
    await admin.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
    await panel.getByRole('button', { name: 'Copy secret' }).click();
    await panel.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await admin.evaluate('navigator.clipboard.readText()')).toBe(secret); // a string: the test project has no DOM types
    receiver.secret = secret; // the receiver verifies with what the admin copied
    await screenshot(admin, 'admin-webhook-secret');

    const listed = await call<{ items: Array<{ id: string; url: string; events: string[]; createdBy: string }> }>(
      KEYS.admin,
      '/v1/webhooks',
    );
    expect(listed.body.items).toHaveLength(1);
    const [webhook] = listed.body.items;
    expect(webhook).toMatchObject({ url: receiver.url, events: ['commission.booked'] });
    webhookId = webhook.id;
    const tableRow = admin.getByTestId('webhooks').locator('tbody tr', { hasText: webhookId });
    await tableRow.waitFor();
    expect(await tableRow.textContent()).toContain(receiver.url);
    expect(await tableRow.textContent()).toContain('commission.booked');
    expect(await tableRow.textContent()).toContain(webhook.createdBy);

    // Dismissed (or after a reload), the secret is nowhere on the page: the API never lists it.
    await panel.getByRole('button', { name: 'I have stored it' }).click();
    await panel.waitFor({ state: 'detached' });
    expect(await admin.locator('body').textContent()).not.toContain(secret);
    noScriptErrors(admin);
  }, 30_000);

  it('a booked commission shows in the delivery log as delivered with 200', async () => {
    await bookCommission(1);
    await waitUntil(() => receiver.calls.some((c) => c.answered === 200), 'the receiver to be called');
    expect(receiver.calls).toEqual([expect.objectContaining({ type: 'commission.booked', verified: true, answered: 200 })]);
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, partnerId: PARTNER });
    expect(delivery.notificationId).toBe(receiver.calls[0].webhookId);

    await admin.getByRole('link', { name: `Delivery log of ${webhookId}` }).click();
    const shown = row(admin, delivery);
    await shown.waitFor();
    expect(await shown.locator('[data-status]').textContent()).toBe('delivered');
    expect(await shown.getByTestId('status-code').textContent()).toBe('200');
    expect(await shown.getByTestId('attempts').textContent()).toBe('1');
    const text = (await shown.textContent()) ?? '';
    for (const part of ['commission.booked', PARTNER, delivery.notificationId, `${delivery.durationMs} ms`]) expect(text).toContain(part);
    expect(await admin.locator('body').textContent()).toContain(receiver.url); // the page names the webhook's URL
    await screenshot(admin, 'admin-webhook-deliveries');
    noScriptErrors(admin);
  }, 30_000);

  it('while the receiver answers 500 the log shows the failed attempts; a replay delivers it with the same webhook-id', async () => {
    receiver.failing = true;
    await bookCommission(2);
    // The retry window is 2 s: the delivery ends as failed after a few attempts, each answered 500.
    await waitUntil(async () => (await deliveries()).some((d) => d.status === 'failed'), 'the delivery to fail');
    const failed = (await deliveries()).find((d) => d.status === 'failed') as Delivery;
    expect(failed).toMatchObject({ kind: 'commission.booked', lastStatusCode: 500, error: 'answered 500' });
    expect(failed.attempts).toBeGreaterThan(1);
    expect(receiver.calls.filter((c) => c.webhookId === failed.notificationId).map((c) => c.answered)).toEqual(
      Array(failed.attempts).fill(500),
    );

    // Refresh (the page also refreshes itself: every second while a delivery is pending): the row is failed, with its 500.
    await admin.getByRole('button', { name: 'Refresh' }).click();
    const shown = row(admin, failed);
    await shown.locator('[data-status=failed]').waitFor({ timeout: 15_000 });
    expect(await shown.getByTestId('status-code').textContent()).toBe('500');
    expect(await shown.getByTestId('attempts').textContent()).toBe(String(failed.attempts));
    expect(await shown.textContent()).toContain('answered 500');
    await screenshot(admin, 'admin-webhook-failed');

    receiver.failing = false;
    await shown.getByRole('button', { name: `Replay delivery ${failed.deliveryId}` }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(failed.notificationId);
    const sent = admin.waitForRequest((request) => request.url().endsWith(`/deliveries/${failed.deliveryId}/replay`));
    await dialog.getByRole('button', { name: 'Confirm replay' }).click();
    const request = await sent;
    expect(request.method()).toBe('POST');
    expect(request.headers()['idempotency-key']).toBeTruthy();
    await admin.getByTestId('replay-result').waitFor();
    await shown.locator('[data-status=delivered]').waitFor({ timeout: 15_000 });
    expect(await shown.getByTestId('status-code').textContent()).toBe('200');
    const replayed = (await deliveries()).find((d) => d.deliveryId === failed.deliveryId) as Delivery;
    expect(replayed).toMatchObject({ status: 'delivered', lastStatusCode: 200, error: null });
    expect(await shown.getByTestId('attempts').textContent()).toBe(String(replayed.attempts));
    // The receiver got the same notification again, with the same webhook-id, and this time took it.
    const calls = receiver.calls.filter((c) => c.webhookId === failed.notificationId);
    expect(calls.at(-1)).toEqual({ webhookId: failed.notificationId, type: 'commission.booked', verified: true, answered: 200 });
    await screenshot(admin, 'admin-webhook-replayed');
    noScriptErrors(admin);
  }, 40_000);

  it('deletes the webhook after a confirmation', async () => {
    await admin.getByRole('link', { name: 'Webhooks', exact: true }).first().click();
    await admin.getByRole('button', { name: `Delete webhook ${webhookId}` }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(receiver.url);
    const sent = admin.waitForRequest((request) => request.url().endsWith(`/v1/webhooks/${webhookId}`) && request.method() === 'DELETE');
    await dialog.getByRole('button', { name: 'Confirm delete' }).click();
    expect((await sent).headers()['idempotency-key']).toBeTruthy();
    await admin.getByTestId('webhook-deleted').waitFor();
    await admin.getByText('No webhook is registered: nothing is sent.').waitFor();
    expect((await call<{ items: unknown[] }>(KEYS.admin, '/v1/webhooks')).body.items).toEqual([]);
    noScriptErrors(admin);
    await admin.close();
  }, 30_000);
});
