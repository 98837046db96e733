import { createServer } from 'node:net';
import { PROJECTION_CATCH_UP, ProjectionHost, type ProjectionCatchUp } from '@ledger/platform/projections';
import { cloudEvent } from '../support/events';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';
import { parsePrometheusText, valueOf, type Family } from './prometheus-text';

const PROJECTIONS = ['attribution', 'risk', 'ledger', 'reports'];

const enrolled = (partnerId: string) =>
  cloudEvent('partner.enrolled', { partnerId, name: `Partner ${partnerId}`, partnerType: 'affiliate' });
const clickBy = (partnerId: string, visitorId: string) => cloudEvent('click.recorded', { partnerId, visitorId });

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('GET /metrics', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  const scrape = async (): Promise<Map<string, Family>> => {
    const response = await t.http.get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return parsePrometheusText(response.text);
  };
  const post = (body: unknown) =>
    t.http
      .post('/v1/events')
      .set(bearer(KEYS.ingest))
      .send(body as object)
      .expect(200);

  it('needs no key and counts appends by kind, verdicts by status, projection progress and HTTP latency by route', async () => {
    t = await startTestApp();
    const before = await scrape();
    for (const status of ['accepted', 'duplicate', 'conflict', 'rejected'])
      expect(valueOf(before, 'ledger_ingestion_verdicts_total', { status })).toBe(0);
    expect(valueOf(before, 'ledger_events_appended_total', { kind: 'upstream' })).toBe(0);

    const partner = enrolled('P-1');
    await post([partner, clickBy('P-1', 'v-1')]);
    await post(partner); // duplicate
    await post({ ...partner, data: { ...partner.data, partnerType: 'reseller' } }); // conflict
    await post([
      cloudEvent('customer.identified', { customerId: 'CU-1', visitorId: 'v-1' }),
      cloudEvent('deal.closed_won', {
        conversionId: 'C-1',
        customerId: 'CU-1',
        accountDomain: 'acme.com',
        amount: { amount: '100.00', currency: 'USD' },
      }),
      cloudEvent('deal.closed_won', {
        conversionId: 'C-2',
        customerId: 'CU-1',
        accountDomain: 'acme.com',
        amount: { amount: 1, currency: 'USD' },
      }), // rejected
    ]);
    await t.app.get<symbol, ProjectionCatchUp>(PROJECTION_CATCH_UP).catchUp();
    await t.http.get('/v1/no-such-thing').expect(404);
    await t.http.post('/v1/events').send(partner).expect(401);

    const after = await scrape();
    expect(valueOf(after, 'ledger_ingestion_verdicts_total', { status: 'accepted' })).toBe(4);
    expect(valueOf(after, 'ledger_ingestion_verdicts_total', { status: 'duplicate' })).toBe(1);
    expect(valueOf(after, 'ledger_ingestion_verdicts_total', { status: 'conflict' })).toBe(1);
    expect(valueOf(after, 'ledger_ingestion_verdicts_total', { status: 'rejected' })).toBe(1);
    expect(valueOf(after, 'ledger_events_appended_total', { kind: 'upstream' })).toBe(4);
    // The conversion makes the attribution projection record its decision, a ledger fact.
    const ledgerFacts = valueOf(after, 'ledger_events_appended_total', { kind: 'ledger' }) as number;
    expect(ledgerFacts).toBeGreaterThanOrEqual(1);

    const head = valueOf(after, 'ledger_event_store_head_position') as number;
    expect(head).toBe(4 + ledgerFacts);
    for (const projection of PROJECTIONS) {
      expect(valueOf(after, 'ledger_projection_checkpoint_position', { projection })).toBe(head);
      expect(valueOf(after, 'ledger_projection_lag_events', { projection })).toBe(0);
      expect(valueOf(after, 'ledger_projection_exceptions', { projection })).toBe(0);
      expect(valueOf(after, 'ledger_projection_retrying', { projection })).toBe(0);
      expect(valueOf(after, 'ledger_projection_batches_total', { projection })).toBeGreaterThanOrEqual(1);
      expect(valueOf(after, 'ledger_projection_events_applied_total', { projection })).toBe(head);
    }

    const requests = (labels: Record<string, string>) => valueOf(after, 'ledger_http_request_duration_seconds_count', labels);
    expect(requests({ method: 'POST', route: '/v1/events', status_class: '2xx' })).toBe(4);
    // Refused by authentication after routing: still the route's template, never the raw path.
    expect(requests({ method: 'POST', route: '/v1/events', status_class: '4xx' })).toBe(1);
    expect(requests({ method: 'GET', route: 'unmatched', status_class: '4xx' })).toBe(1);
    expect(valueOf(after, 'ledger_http_responses_total', { status: '401' })).toBe(1);
    expect(after.get('ledger_http_request_duration_seconds')?.type).toBe('histogram');

    for (const name of [
      'process_resident_memory_bytes',
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ])
      expect(after.has(name)).toBe(true);
  });

  it('shows the lag of projections that stopped following the store', async () => {
    t = await startTestApp();
    await post([enrolled('P-1'), clickBy('P-1', 'v-1')]);
    await t.app.get<symbol, ProjectionCatchUp>(PROJECTION_CATCH_UP).catchUp();
    // Stopping the runners leaves the checkpoints where they are while the head moves on.
    await t.app.get(ProjectionHost).onApplicationShutdown();
    await post([clickBy('P-1', 'v-2'), clickBy('P-1', 'v-3'), clickBy('P-1', 'v-4')]);

    const metrics = await scrape();
    expect(valueOf(metrics, 'ledger_event_store_head_position')).toBe(5);
    for (const projection of PROJECTIONS) {
      expect(valueOf(metrics, 'ledger_projection_checkpoint_position', { projection })).toBe(2);
      expect(valueOf(metrics, 'ledger_projection_lag_events', { projection })).toBe(3);
    }
  });

  it('moves to METRICS_PORT: 404 on the API port, 200 on its own server, which serves nothing else and closes with the app', async () => {
    const port = await freePort();
    t = await startTestApp({ METRICS_PORT: String(port) });
    await post([enrolled('P-1')]);
    await t.http.get('/metrics').expect(404);

    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const metrics = parsePrometheusText(await response.text());
    expect(valueOf(metrics, 'ledger_ingestion_verdicts_total', { status: 'accepted' })).toBe(1);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' })).status).toBe(404);

    await t.close();
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
    t = undefined as unknown as TestApp;
  });
});
