import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type fc from 'fast-check';
import { EVENT_STORE, READ_MODEL_DB, type EventStore } from '@ledger/platform/event-store';
import type { SqlDatabase } from '@ledger/platform/sql';
import { ProjectionHost } from '@ledger/platform/projections';
import { cloudEvent } from '../../support/events';
import { ledgerScenario, usd } from '../../support/ledger-scenario';
import { bearer, KEYS, startTestApp, type TestApp } from '../../support/test-app';

/**
 * The real HTTP app for the fuzz suites, with what they need around it: a raw HTTP client, a
 * fingerprint of everything the ledger stores, a seeded program, case counters and the checks
 * every answer must pass.
 *
 * Requests go through node:http to the app listening on loopback (in-process, like supertest),
 * because superagent rewrites what a fuzzer wants to send as is: it normalises `..` in paths,
 * encodes characters, picks a Content-Type for string bodies and serialises Buffers as JSON.
 */

export interface RawRequest {
  method: string;
  /** Sent as written: any percent-encoding (broken or not) stays as it is. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed body when the answer says it is JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of any shape are probed field by field; each check says what it expects
  json: any;
}

/** Everything a rejected request must leave untouched: the store head and every table's rows. */
export type Fingerprint = Record<string, string>;

export interface AnswerExpectations {
  /** The request is certainly wrong in one of these fields: a 400 must name one (exactly, or a path inside it). */
  fields?: string[];
  /** Statuses this request may get; anything else fails the case. */
  statuses?: number[];
}

/**
 * FUZZ_SCALE multiplies every numRuns: 0.5 by default, so `npm test` stays well under 15 minutes on
 * two cores; 1 gives the volume each property names, 10 a long local run. FUZZ_SEED and FUZZ_PATH,
 * as fast-check prints them for a failure, replay it (select the property with jest's -t).
 */
const SCALE = Number(process.env.FUZZ_SCALE ?? '0.5');
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const PATH = process.env.FUZZ_PATH;

/** fc.assert parameters for a property of about `numRuns` cases. The seed is printed on failure. */
export function fuzzParameters(numRuns: number): fc.Parameters<unknown> {
  return {
    numRuns: Math.max(1, Math.round(numRuns * SCALE)),
    ...(SEED === undefined ? {} : { seed: SEED }),
    ...(PATH === undefined ? {} : { path: PATH }),
  };
}

export const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** Tables only the background webhook delivery loop writes (libs/notifications). */
const BACKGROUND_TABLES = ['notification_cursors', 'webhook_deliveries'];

export class FuzzApp {
  /** Cases run per endpoint, printed by report() so CI logs show the volume. */
  readonly counts = new Map<string, number>();
  private tables: string[] = [];
  private fingerprintSql = '';
  private readonly started = Date.now();

  private constructor(
    readonly t: TestApp,
    private readonly port: number,
    private readonly agent: http.Agent,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<FuzzApp> {
    // FUZZ_LOG_LEVEL=error shows the server's own account of a failing case.
    const t = await startTestApp({ ...(process.env.FUZZ_LOG_LEVEL ? { LOG_LEVEL: process.env.FUZZ_LOG_LEVEL } : {}), ...env });
    const server = t.app.getHttpServer() as http.Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fuzz = new FuzzApp(t, (server.address() as AddressInfo).port, new http.Agent({ keepAlive: true, maxSockets: 4 }));
    await fuzz.refreshTables();
    return fuzz;
  }

  get store(): EventStore {
    return this.t.app.get<EventStore>(EVENT_STORE);
  }

  get db(): SqlDatabase {
    return this.t.app.get<SqlDatabase>(READ_MODEL_DB);
  }

  async close(): Promise<void> {
    this.agent.destroy();
    await this.t.close();
  }

  /** Answers per endpoint and status, so the log shows the mix reached (not only rejections). */
  private readonly statuses = new Map<string, Map<number, number>>();

  count(endpoint: string, status?: number): void {
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
    if (status === undefined) return;
    const byStatus = this.statuses.get(endpoint) ?? new Map<number, number>();
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    this.statuses.set(endpoint, byStatus);
  }

  /** One line per endpoint with its case count, for the CI log. */
  report(title: string): void {
    const width = Math.max(...[...this.counts.keys()].map((key) => key.length), 10);
    const mix = (endpoint: string) =>
      [...(this.statuses.get(endpoint) ?? new Map<number, number>()).entries()]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${status}: ${n}`)
        .join(', ');
    const lines = [...this.counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([endpoint, cases]) => `  ${endpoint.padEnd(width)}  ${String(cases).padStart(6)}  (${mix(endpoint)})`);
    const total = [...this.counts.values()].reduce((sum, cases) => sum + cases, 0);
    const spent = [...this.spent.entries()].map(([label, ms]) => `${label} ${(ms / 1000).toFixed(1)} s`).join(', ');
    const profile = process.env.FUZZ_PROFILE ? `  time: ${spent}\n` : '';
    process.stdout.write(
      `\n[fuzz] ${title}: ${total} cases in ${((Date.now() - this.started) / 1000).toFixed(1)} s\n${lines.join('\n')}\n${profile}`,
    );
  }

  /** Sends one request exactly as described. A connection the server drops without an answer is a failure. */
  send(request: RawRequest): Promise<RawResponse> {
    return this.timed('requests', () => this.sendOnce(request, 0));
  }

  private async sendOnce(request: RawRequest, attempt: number): Promise<RawResponse> {
    try {
      return await new Promise<RawResponse>((resolve, reject) => {
        const outgoing = http.request(
          {
            host: '127.0.0.1',
            port: this.port,
            method: request.method,
            path: request.path,
            headers: withLength(request),
            agent: this.agent,
            timeout: 30_000,
          },
          (incoming) => {
            const chunks: Buffer[] = [];
            incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
            incoming.on('error', reject);
            incoming.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              let json: unknown;
              if (/json/.test(String(incoming.headers['content-type'] ?? '')) && text !== '') {
                try {
                  json = JSON.parse(text);
                } catch {
                  reject(new Error(`answer ${incoming.statusCode} claims JSON but is not: ${text.slice(0, 200)}`));
                  return;
                }
              }
              resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text, json });
            });
          },
        );
        outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 30 s')));
        outgoing.on('error', (error: NodeJS.ErrnoException) => reject(Object.assign(error, { reusedSocket: outgoing.reusedSocket })));
        outgoing.end(request.body);
      });
    } catch (error) {
      // A kept-alive socket the server closed between two requests is the client's race, not an answer.
      const { code, reusedSocket } = error as NodeJS.ErrnoException & { reusedSocket?: boolean };
      if (reusedSocket && attempt === 0 && (code === 'ECONNRESET' || code === 'EPIPE')) return this.sendOnce(request, 1);
      throw new Error(`${describeRequest(request)}\n  got no answer: ${(error as Error).message}`);
    }
  }

  /** A JSON request with an API key. */
  json(method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
    return this.send({
      method,
      path,
      headers: { ...bearer(key), ...(body === undefined ? {} : JSON_HEADERS), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  catchUp(): Promise<void> {
    return this.timed('catch-up', () => this.t.app.get(ProjectionHost).catchUp());
  }

  /** Where the time goes, printed by report() when FUZZ_PROFILE is set. */
  private readonly spent = new Map<string, number>();

  async timed<T>(label: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.spent.set(label, (this.spent.get(label) ?? 0) + performance.now() - started);
    }
  }

  /** Projection exceptions already reported by a failed case, so shrinking judges each candidate on its own. */
  private reportedExceptions = 0;

  /** Fails unless every projection could apply whatever was accepted: no new exception, nothing retrying. */
  async expectHealthy(request: RawRequest, response: RawResponse): Promise<void> {
    const health = await this.send({ method: 'GET', path: '/health' });
    const exceptions = Number(health.json?.exceptions ?? 0);
    const retrying = (health.json?.projections ?? []).some((projection: { state: string }) => projection.state !== 'running');
    if (exceptions <= this.reportedExceptions && !retrying && health.json?.database?.status === 'up') return;
    this.reportedExceptions = exceptions;
    const verify = await this.json('GET', '/v1/ledger/verify', KEYS.finance);
    throw new Error(
      `after an accepted request, /health is ${health.status}: ${health.text.slice(0, 600)}\n  exceptions: ${JSON.stringify(verify.json?.exceptions ?? verify.text).slice(0, 1500)}\n${describeExchange(request, response)}`,
    );
  }

  /** The store head and, per table, the row count and the newest row version. */
  fingerprint(): Promise<Fingerprint> {
    return this.timed('fingerprints', () => this.takeFingerprint());
  }

  private async takeFingerprint(): Promise<Fingerprint> {
    const [head, rows] = await Promise.all([
      this.store.headPosition(),
      this.db.query<{ t: string; n: number; h: string }>(this.fingerprintSql),
    ]);
    return Object.fromEntries([
      ['head', String(head)],
      ...rows.map((row) => [row.t, `${row.n} rows, newest written by transaction ${row.h}`]),
    ]);
  }

  /** Fails the case when anything stored changed since `before`. */
  async expectUnchanged(
    before: Fingerprint,
    request: RawRequest,
    response: RawResponse,
    why: string,
    ignore: string[] = [],
  ): Promise<void> {
    const after = await this.fingerprint();
    const changed = Object.keys({ ...before, ...after }).filter((key) => before[key] !== after[key] && !ignore.includes(key));
    if (changed.length > 0) {
      throw new Error(
        `${why}, but it changed what is stored (partial write):\n${changed.map((key) => `  ${key}: ${before[key]} -> ${after[key]}`).join('\n')}\n${describeExchange(request, response)}`,
      );
    }
  }

  /** Every table of the read-model database (and the embedded store): re-read after set-up creates them all. */
  async refreshTables(): Promise<void> {
    const rows = await this.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    // The webhook delivery loop writes its cursor and its deliveries on its own clock, never for a
    // request: those two tables are left out, or a read would seem to write whenever the loop ticks.
    this.tables = rows.map((row) => row.table_name).filter((table) => !BACKGROUND_TABLES.includes(table));
    // Per table, the row count and the newest row version (xmin, the transaction that wrote it):
    // every insert and update writes a row version with a newer xmin, every delete lowers the
    // count, so any committed write shows, even one that leaves the content as it was. Five times
    // cheaper than hashing every row, which mattered once the tables held a few thousand rows.
    this.fingerprintSql = this.tables
      .map((table) => `SELECT '${table}' AS t, count(*)::int AS n, coalesce(max(xmin::text::bigint), 0)::text AS h FROM "${table}"`)
      .join(' UNION ALL ');
  }

  /**
   * A small valid program (test/support/ledger-scenario.ts) plus one of each finance fact, so reads
   * hit real data: an adoption (to retract), an adjustment, a payout run and a finished simulation.
   */
  async seed(): Promise<Seeded> {
    const ingest = await this.json('POST', '/v1/events', KEYS.ingest, [...ledgerScenario(), ...moreFacts()]);
    if (ingest.status !== 200 || ingest.json.results.some((result: { status: string }) => result.status !== 'accepted')) {
      throw new Error(`seeding failed: ${ingest.status} ${ingest.text.slice(0, 500)}`);
    }
    await this.catchUp();
    const adoption = await this.json('POST', '/v1/attribution/policies', KEYS.finance, {
      policy: { version: 'fuzz-seed-linear', model: 'linear' },
      effectiveFrom: '2026-03-01',
      reason: 'seed for the fuzz suite',
    });
    const adjustment = await this.json('POST', '/v1/adjustments', KEYS.finance, {
      partnerId: 'P-3',
      amount: usd('12.34'),
      reason: 'seed for the fuzz suite',
    });
    const payoutRun = await this.json('POST', '/v1/payout-runs', KEYS.finance, { asOf: '2026-04-30T23:59:59Z', minimum: { USD: '50.00' } });
    for (const [what, response] of [
      ['adoption', adoption],
      ['adjustment', adjustment],
      ['payout run', payoutRun],
    ] as const) {
      if (response.status !== 201) throw new Error(`seeding the ${what} failed: ${response.status} ${response.text.slice(0, 500)}`);
    }
    await this.catchUp();
    const simulation = await this.json('POST', '/v1/simulations', KEYS.analyst, {
      policy: { version: 'fuzz-seed-first-click', model: 'first_click' },
      from: '2026-02-01',
    });
    if (simulation.status !== 202) throw new Error(`seeding the simulation failed: ${simulation.status} ${simulation.text}`);
    const simulationId = simulation.json.id as string;
    for (let waited = 0; ; waited += 50) {
      const job = await this.json('GET', `/v1/simulations/${simulationId}`, KEYS.analyst);
      if (job.json?.status === 'done') break;
      if (job.json?.status === 'failed' || waited > 30_000)
        throw new Error(`the seed simulation did not finish: ${job.text.slice(0, 500)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.refreshTables();
    return {
      adoptionId: adoption.json.adoptionId as string,
      simulationId,
      payoutIds: (payoutRun.json.payouts as Array<{ payoutId: string }>).map((payout) => payout.payoutId),
    };
  }
}

/**
 * Node's client frames a body of a DELETE (or GET) without Content-Length: the server would read
 * the body as the next request. Every body goes with its length.
 */
function withLength(request: RawRequest): Record<string, string> | undefined {
  if (request.body === undefined) return request.headers;
  return { 'Content-Length': String(Buffer.byteLength(request.body)), ...request.headers };
}

export interface Seeded {
  adoptionId: string;
  simulationId: string;
  payoutIds: string[];
}

/**
 * Facts the hand-worked scenario lacks, so that policies and plans under fuzz have something to
 * decide: two partners' clicks on one customer (the click models and half-lives matter), and two
 * registrations of one account (a conflict whose reason names the protection's end).
 */
function moreFacts() {
  const day = (date: string) => `2026-${date}T12:00:00Z`;
  return [
    cloudEvent('click.recorded', { partnerId: 'P-1', visitorId: 'v-multi' }, { time: day('02-01') }),
    cloudEvent('click.recorded', { partnerId: 'P-3', visitorId: 'v-multi' }, { time: day('02-04') }),
    cloudEvent('customer.identified', { customerId: 'CU-multi', visitorId: 'v-multi' }, { time: day('02-04') }),
    cloudEvent(
      'deal.closed_won',
      { conversionId: 'C-multi', customerId: 'CU-multi', accountDomain: 'multi.example', amount: usd('700.00') },
      { time: day('02-09') },
    ),
    cloudEvent('deal.registered', { dealId: 'D-1', partnerId: 'P-1', accountDomain: 'held.example' }, { time: day('01-15') }),
    cloudEvent('deal.approved', { dealId: 'D-1' }, { time: day('01-16') }),
    cloudEvent('deal.registered', { dealId: 'D-2', partnerId: 'P-3', accountDomain: 'held.example' }, { time: day('01-20') }),
    cloudEvent(
      'deal.closed_won',
      { conversionId: 'C-held', customerId: 'CU-held', accountDomain: 'www.held.example', amount: usd('1500.00'), dealId: 'D-1' },
      { time: day('03-02') },
    ),
  ];
}

/** Partners, conversions and customers of the seeded program. */
export const SEEDED = {
  partners: ['P-1', 'P-2', 'P-3', 'P-4'],
  conversions: ['C-1', 'C-2', 'C-3', 'C-4', 'C-5', 'C-6', 'C-7', 'C-8', 'INV-1', 'C-multi', 'C-held'],
  customers: ['CU-a1', 'CU-a2', 'CU-a3', 'CU-a4', 'CU-b1', 'CU-c1', 'CU-d1', 'CU-d2', 'CU-multi', 'CU-held'],
  visitors: ['v-a1', 'v-a2', 'v-c1', 'v-d2', 'v-multi'],
  coupons: ['EURO10'],
  domains: ['a1.com', 'a2.com', 'b1.de', 'd1.com', 'held.example', 'multi.example'],
};

const shorten = (text: string, length = 400) => (text.length > length ? `${text.slice(0, length)}… (${text.length} characters)` : text);

export function describeRequest(request: RawRequest): string {
  const body =
    request.body === undefined
      ? ''
      : `\n  body: ${Buffer.isBuffer(request.body) ? `<${request.body.length} bytes> ${JSON.stringify(shorten(request.body.toString('latin1')))}` : JSON.stringify(shorten(request.body))}`;
  return `  ${request.method} ${shorten(request.path, 300)}\n  headers: ${shorten(JSON.stringify(request.headers ?? {}), 300)}${body}`;
}

export function describeExchange(request: RawRequest, response: RawResponse): string {
  const headers = response.text === '' ? ` ${JSON.stringify(response.headers)}` : '';
  return `${describeRequest(request)}\n  answer: ${response.status}${headers} ${shorten(response.text)}`;
}

/**
 * What every answer must be, whatever was sent: no 5xx; an error in the shape of every error
 * (`{statusCode, message}` as JSON, matching the status); a 400 listing its problems as
 * `errors: [{path, message}]`, naming the field at fault when the request had one.
 */
export function checkAnswer(request: RawRequest, response: RawResponse, expectations: AnswerExpectations = {}): void {
  const fail = (why: string) => {
    throw new Error(`${why}\n${describeExchange(request, response)}`);
  };
  if (response.status >= 500) fail(`a ${response.status} answer`);
  // Bytes above 0x7F sent raw in the request line are refused by Node's HTTP parser itself
  // (400, no body, connection closed) before the app sees anything: nothing there to name.
  const oddRequestLine = /[^\x20-\x7e]/.test(request.path) || !STANDARD_METHODS.includes(request.method);
  if (response.status === 400 && response.text === '' && oddRequestLine && !response.headers['content-type']) return;
  if (expectations.statuses && !expectations.statuses.includes(response.status))
    fail(`status ${response.status}, expected one of ${expectations.statuses.join(', ')}`);
  if (response.status >= 400 && request.method !== 'HEAD') {
    const body = response.json;
    if (body === undefined || typeof body !== 'object' || body === null) fail('an error answer that is not JSON');
    if (body.statusCode !== response.status || typeof body.message !== 'string' || body.message === '')
      fail('an error answer without {statusCode, message}');
  }
  if (response.status === 400 && request.method !== 'HEAD') {
    const errors = response.json.errors;
    if (!Array.isArray(errors) || errors.length === 0) fail('a 400 without errors: [{path, message}]');
    for (const error of errors) {
      if (typeof error?.path !== 'string' || typeof error?.message !== 'string' || error.message === '')
        fail('a 400 whose errors are not all {path, message}');
    }
    if (
      expectations.fields &&
      !errors.some((error: { path: string }) => expectations.fields!.some((field) => namesField(error.path, field)))
    ) {
      fail(`a 400 that does not name ${expectations.fields.join(' or ')}`);
    }
  }
  if (expectations.fields && response.status < 400)
    fail(`accepted (${response.status}) although ${expectations.fields.join(', ')} is invalid`);
}

const STANDARD_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

/** `path` is `field` or a path inside it ("amount.currency" names "amount"). */
export function namesField(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);
}
