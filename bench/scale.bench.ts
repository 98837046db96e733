import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { streamForEvent, type CloudEvent } from '@ledger/contracts';
import { DEFAULT_POLICY } from '@ledger/attribution/domain';
import { liveProjections } from '@ledger/composition';
import { DEFAULT_PLAN } from '@ledger/ledger/domain';
import { SqlEventStore } from '@ledger/platform/event-store';
import { ProjectionRunner, SharedEventFeed, rebuildProjections, resetProjections } from '@ledger/platform/projections';
import { PostgresDatabase } from '@ledger/platform/sql';
import { runSimulation } from '@ledger/simulation/application';
import { appendVersusInsert, type AppendVersusInsert } from './event-store.bench';
import { peakRssMiB, resetPeakRss, rssMiB } from './memory';
import { BASELINE_TABLE, connectAdmin, createScratchDatabase, insertBaselineRows, type ScratchDatabase } from './postgres';
import { measure, perSecond, printComparison, type Measurement } from './report';
import { seededRandom, syntheticHistory } from './synthetic-history';

/**
 * `npm run bench scale` (issue 16): a synthetic program of SCALE_EVENTS upstream events over
 * SCALE_PARTNERS partners (default 200,000 / 2,000, a few minutes; the full run is
 * SCALE_EVENTS=10000000 SCALE_PARTNERS=10000) generated into a scratch PostgreSQL database through
 * the real API, then every figure of the issue beside its same-run baseline:
 *
 * 1. POST /v1/events, 1,000 events per request, to an API process of its own (RUN_PROJECTIONS=false,
 *    as beside a projector) vs a plain INSERT of the same rows through the same driver;
 * 2. store.append, batches of 500, on the full store vs on an empty one vs a plain INSERT;
 * 3. every projection caught up from nothing (the projector's wiring: one shared feed, the same
 *    runners) vs the posting time; then a full rebuild vs a read-only pass of the store;
 * 4. the report endpoints with 8 concurrent clients (p50/p99) vs GET /health/live;
 * 5. a what-if simulation over the whole store vs the read-only pass;
 * and the peak RSS of each phase (VmHWM, reset per phase) and of the API process.
 * Kafka ingestion has its own benchmark (`npm run bench kafka`): it needs a broker.
 */
const EVENTS = Number(process.env.SCALE_EVENTS ?? 200_000);
const PARTNERS = Number(process.env.SCALE_PARTNERS ?? 2_000);
const POST_BATCH = 1000;
const CLIENTS = 8;
const REQUESTS_PER_CLIENT = Number(process.env.SCALE_REQUESTS_PER_CLIENT ?? 25);
const SEED = 20261202;
/** STATE_CACHE_ENTITIES as the product reads it: the in-process projections get it as the projector processes do (inherited env). */
const PROJECTION_SETTINGS = { stateCacheEntities: Number(process.env.STATE_CACHE_ENTITIES) || undefined };
const INGEST_KEY = 'scale-bench-ingest-key-0001';
const FINANCE_KEY = 'scale-bench-finance-key-0001';
const HOUR = 3_600_000;

interface Figure {
  figure: string;
  measured: string;
  baseline: string;
  ratio: number;
  target: string;
  met?: boolean;
}

const figures: Figure[] = [];
const memory: string[] = [];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (m: Measurement) => `${(m.millis / 1000).toFixed(1)} s`;
const rate = (m: Measurement) => `${fmt(perSecond(m))}/s`;
const mib = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(0)} MiB`);

/** Peak RSS of this process during `work` (its own peak: VmHWM reset at the start). */
async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const reset = resetPeakRss();
  const before = rssMiB();
  const result = await work();
  memory.push(`${name.padEnd(48)} bench process RSS ${mib(before)} at start, peak ${mib(peakRssMiB())}${reset ? '' : ' (since start)'}`);
  return result;
}

function progress(label: string, total: number): (done: number) => void {
  const started = Date.now();
  let next = 0;
  return (done) => {
    if (done < next && done < total) return;
    next = done + Math.max(1, Math.floor(total / 10));
    const elapsed = (Date.now() - started) / 1000;
    console.log(`  ${label}: ${fmt(done)} / ${fmt(total)} (${elapsed.toFixed(0)} s, ${fmt(done / Math.max(elapsed, 0.001))}/s)`);
  };
}

function* chunksOf(events: Iterable<CloudEvent>, size: number): Generator<CloudEvent[]> {
  let chunk: CloudEvent[] = [];
  for (const event of events) {
    chunk.push(event);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

function* history(): Generator<CloudEvent> {
  for (const recorded of syntheticHistory({ events: EVENTS, partners: PARTNERS, seed: SEED })) yield recorded.event;
}

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

interface ApiProcess {
  pid: number;
  base: string;
  stop(): Promise<void>;
}

/** The real API in a process of its own (same code as `npm start`, compiled on load), on PostgreSQL, projections off. */
async function startApi(databaseUrl: string): Promise<ApiProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, '..', 'apps/api/src/main.ts')], {
    env: {
      ...process.env,
      PORT: String(port),
      EVENT_STORE: 'postgres',
      DATABASE_URL: databaseUrl,
      RUN_PROJECTIONS: 'false',
      API_KEYS: `${INGEST_KEY}:ingest,${FINANCE_KEY}:finance`,
      LOG_LEVEL: 'warn',
      MAX_BATCH_EVENTS: String(POST_BATCH),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode} before answering`);
    try {
      if ((await fetch(`${base}/health/live`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the API did not answer /health/live within 180 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    pid: child.pid as number,
    base,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Phase 1: the whole program through POST /v1/events, the next body built while a request is in flight. */
async function postHistory(api: ApiProcess): Promise<Measurement> {
  const send = async (body: string) => {
    const response = await fetch(`${api.base}/v1/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${INGEST_KEY}`, 'Content-Type': 'application/json' },
      body,
    });
    const answer = (await response.json()) as { results: Array<{ status: string }> };
    if (response.status !== 200) throw new Error(`POST answered ${response.status}: ${JSON.stringify(answer).slice(0, 500)}`);
    for (const result of answer.results) verdicts.set(result.status, (verdicts.get(result.status) ?? 0) + 1);
    return answer.results.length;
  };
  const verdicts = new Map<string, number>();
  const report = progress('POST /v1/events', EVENTS);
  return measure(`POST /v1/events, ${POST_BATCH} per request (API process)`, EVENTS, async () => {
    let done = 0;
    let inFlight: Promise<number> | undefined;
    for (const chunk of chunksOf(history(), POST_BATCH)) {
      const body = JSON.stringify(chunk);
      if (inFlight) report((done += await inFlight));
      inFlight = send(body);
    }
    if (inFlight) report((done += await inFlight));
    console.log(`  verdicts: ${[...verdicts].map(([status, count]) => `${status} ${fmt(count)}`).join(', ')}`);
  });
}

/** The raw-INSERT baseline of phase 1: the same rows, 1,000 per statement, into baseline_events in the same database. */
async function insertHistory(databaseUrl: string): Promise<Measurement> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(BASELINE_TABLE);
    const report = progress('plain INSERT', EVENTS);
    return await measure(`plain INSERT of the same rows, ${POST_BATCH} per statement`, EVENTS, async () => {
      let position = 1;
      for (const chunk of chunksOf(history(), POST_BATCH)) {
        await insertBaselineRows(
          (sql, params) => client.query(sql, params),
          chunk.map((event) => ({ streamId: streamForEvent(event), event })),
          position,
        );
        position += chunk.length;
        report(position - 1);
      }
    });
  } finally {
    await client.end();
  }
}

/** Phase 3: every live projection from nothing to the head, wired as the projector wires them. */
async function catchUp(store: SqlEventStore, db: PostgresDatabase): Promise<number> {
  const feed = new SharedEventFeed(store);
  const runners = liveProjections(PROJECTION_SETTINGS).map((projection) => new ProjectionRunner(projection, feed, db));
  const timer = setInterval(() => {
    const statuses = runners.map((runner) => `${runner.status.name} ${fmt(runner.status.checkpoint)}`).join(', ');
    console.log(`  catch-up: ${statuses}`);
  }, 10_000);
  try {
    for (const runner of runners) await runner.start();
    for (;;) {
      const head = await store.headPosition();
      await Promise.all(runners.map((runner) => runner.waitFor(head, 24 * HOUR)));
      if ((await store.headPosition()) === head) return head;
    }
  } finally {
    clearInterval(timer);
    for (const runner of runners) await runner.stop();
    await feed.close();
  }
}

/** One projector process per live projection (apps/projector, PROJECTIONS=<name>) until every checkpoint reaches a head that stays put. */
async function projectorsCatchUp(databaseUrl: string, store: SqlEventStore, db: PostgresDatabase): Promise<number> {
  const names = liveProjections().map((projection) => projection.name);
  const children = await Promise.all(
    names.map(async (name) =>
      spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, '..', 'apps/projector/src/main.ts')], {
        env: {
          ...process.env,
          EVENT_STORE: 'postgres',
          DATABASE_URL: databaseUrl,
          PROJECTIONS: name,
          PROJECTOR_PORT: String(await freePort()),
          LOG_LEVEL: 'warn',
          API_KEYS: '',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    ),
  );
  // Each projector's peak RSS as the rebuild passes each tenth of the store: flat when memory does not grow with history.
  let tenth = 1;
  try {
    let settled = -1;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const exited = children.find((child) => child.exitCode !== null);
      if (exited) throw new Error(`a projector exited with ${exited.exitCode}`);
      const head = await store.headPosition();
      const rows = await db.query<{ name: string; position: string | number }>('SELECT name, position FROM projection_checkpoints');
      const slowest = Math.min(...names.map((name) => Number(rows.find((row) => row.name === name)?.position ?? 0)));
      for (; tenth <= 10 && slowest >= (head * tenth) / 10; tenth += 1) {
        const peaks = children.map((child, index) => `${names[index]} ${mib(peakRssMiB(child.pid as number))}`);
        memory.push(`${`rebuild by projectors, ${tenth * 10} % of the store`.padEnd(48)} peak ${peaks.join(', ')}`);
      }
      const done = names.every((name) => Number(rows.find((row) => row.name === name)?.position ?? -1) === head);
      if (done && head === settled) return head;
      settled = done ? head : -1;
    }
  } finally {
    for (const [index, child] of children.entries()) {
      memory.push(`${`rebuild, projector process: ${names[index]}`.padEnd(48)} peak ${mib(peakRssMiB(child.pid as number))}`);
      child.kill('SIGTERM');
    }
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null)));
  }
}

async function readPass(store: SqlEventStore, head: number): Promise<Measurement> {
  return measure('read-only pass: readAll in batches of 2000, decoded', head, async () => {
    for (let after = 0; after < head;) after = (await store.readAll(after, 2000)).at(-1)?.position ?? head;
  });
}

interface Latencies {
  label: string;
  p50: number;
  p99: number;
  runs: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** CLIENTS clients at once, each sending REQUESTS_PER_CLIENT requests one after another (after one untimed round). */
async function underLoad(api: ApiProcess, label: string, path: (i: number) => string): Promise<Latencies> {
  const samples: number[] = [];
  let counter = 0;
  const clients = async (requests: number, timed: boolean) =>
    Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let i = 0; i < requests; i++) {
          const started = process.hrtime.bigint();
          const response = await fetch(`${api.base}${path(counter++)}`, { headers: { Authorization: `Bearer ${FINANCE_KEY}` } });
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`${label}: ${response.status}`);
          if (timed) samples.push(Number(process.hrtime.bigint() - started) / 1e6);
        }
      }),
    );
  await clients(1, false);
  await clients(REQUESTS_PER_CLIENT, true);
  samples.sort((a, b) => a - b);
  const latencies = { label, p50: percentile(samples, 50), p99: percentile(samples, 99), runs: samples.length };
  console.log(
    `  ${label.padEnd(62)} p50 ${latencies.p50.toFixed(1).padStart(8)} ms   p99 ${latencies.p99.toFixed(1).padStart(8)} ms   (${latencies.runs} requests)`,
  );
  return latencies;
}

async function reports(api: ApiProcess, db: PostgresDatabase): Promise<void> {
  const random = seededRandom(99);
  const partners = (await db.query<{ partner_id: string }>('SELECT partner_id FROM ledger_chain_heads ORDER BY partner_id')).map(
    (row) => row.partner_id,
  );
  const pick = () => encodeURIComponent(partners[Math.floor(random() * partners.length)]);
  const [span] = await db.query<{ first: Date; last: Date }>(
    "SELECT min(business_time) AS first, max(business_time) AS last FROM ledger_events WHERE source = 'synthetic'",
  );
  const last = new Date(span.last);
  const month = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
  const monthEnd = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), 0)).toISOString().slice(0, 10);
  const quarter = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - 3, 1)).toISOString().slice(0, 10);
  console.log(
    `  ${partners.length} partners with ledger lines; program history ${new Date(span.first).toISOString()} to ${last.toISOString()}`,
  );

  const conversions = (
    await db.query<{ conversion_id: string }>('SELECT conversion_id FROM attribution_decisions ORDER BY position LIMIT 5000')
  ).map((row) => row.conversion_id);
  const pickConversion = () => encodeURIComponent(conversions[Math.floor(random() * conversions.length)]);
  const deep = encodeURIComponent(await cursorHalfway(api));

  const baseline = await underLoad(api, 'baseline: GET /health/live (no database)', () => '/health/live');
  const measured = [
    await underLoad(api, 'partner-sourced revenue by partner, whole history', () => '/v1/reports/partner-sourced-revenue?groupBy=partner'),
    await underLoad(api, 'partner-sourced revenue by month, whole history', () => '/v1/reports/partner-sourced-revenue?groupBy=month'),
    await underLoad(
      api,
      'partner-sourced revenue by partner type, whole history',
      () => '/v1/reports/partner-sourced-revenue?groupBy=partnerType',
    ),
    await underLoad(
      api,
      `partner-sourced revenue by partner, last quarter`,
      () => `/v1/reports/partner-sourced-revenue?groupBy=partner&from=${quarter}&to=${monthEnd}`,
    ),
    await underLoad(api, 'KPIs as of now', () => '/v1/reports/kpis'),
    await underLoad(api, 'balance of a random partner, as of now', () => `/v1/partners/${pick()}/balance`),
    await underLoad(
      api,
      'statement of a random partner, last full month',
      () => `/v1/partners/${pick()}/statement?from=${month}&to=${monthEnd}`,
    ),
    await underLoad(api, 'statement of a random partner, first page of 50', () => `/v1/partners/${pick()}/statement?limit=50`),
    await underLoad(api, 'profile of a random partner', () => `/v1/partners/${pick()}`),
    await underLoad(api, 'tier of a random partner', () => `/v1/partners/${pick()}/tier`),
    await underLoad(api, 'attribution of a random conversion', () => `/v1/conversions/${pickConversion()}/attribution`),
    await underLoad(api, 'partners list, first page of 50', () => '/v1/partners?limit=50'),
    await underLoad(api, 'conversions list, first page of 50', () => '/v1/conversions?limit=50'),
    await underLoad(api, 'conversions list, a page of 50 halfway through', () => `/v1/conversions?limit=50&cursor=${deep}`),
    await underLoad(api, 'deals of a random partner, first page of 50', () => `/v1/partners/${pick()}/deals?limit=50`),
  ];
  for (const latencies of measured) {
    figures.push({
      figure: `p99 ${latencies.label}`,
      measured: `${latencies.p99.toFixed(1)} ms (p50 ${latencies.p50.toFixed(1)})`,
      baseline: `${baseline.p99.toFixed(1)} ms (p50 ${baseline.p50.toFixed(1)})`,
      ratio: latencies.p99 / baseline.p99,
      target: 'p99 < 50 ms',
      met: latencies.p99 < 50,
    });
  }
}

/** The cursor of the conversions list halfway through, walked in pages of 1,000 (not timed). */
async function cursorHalfway(api: ApiProcess): Promise<string> {
  const page = async (cursor?: string) => {
    const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const response = await fetch(`${api.base}/v1/conversions?limit=1000${query}`, { headers: { Authorization: `Bearer ${FINANCE_KEY}` } });
    return (await response.json()) as { items: unknown[]; nextCursor: string | null };
  };
  const cursors: string[] = [];
  for (let next = (await page()).nextCursor; next; next = (await page(next)).nextCursor) cursors.push(next);
  if (cursors.length === 0) throw new Error('the conversions list has a single page: no cursor to read deep');
  return cursors[Math.floor(cursors.length / 2)];
}

function printSummary(): void {
  console.log(`\nscale: ${fmt(EVENTS)} upstream events, ${fmt(PARTNERS)} partners; every figure beside its same-run baseline`);
  for (const f of figures) {
    const verdict = f.met === undefined ? '' : f.met ? 'met' : 'MISSED';
    console.log(
      `  ${f.figure.padEnd(66)} ${f.measured.padStart(22)} | baseline ${f.baseline.padStart(22)} | ratio ${f.ratio.toFixed(3).padStart(7)} | ${f.target} ${verdict}`,
    );
  }
  console.log('peak RSS per phase');
  for (const line of memory) console.log(`  ${line}`);
}

export async function scaleBench(): Promise<void> {
  const admin = await connectAdmin('scale');
  if (!admin) return;
  let scratch: ScratchDatabase | undefined;
  let api: ApiProcess | undefined;
  let db: PostgresDatabase | undefined;
  try {
    scratch = await createScratchDatabase(admin, 'ledger_scale');
    console.log(`scale: ${fmt(EVENTS)} events, ${fmt(PARTNERS)} partners into PostgreSQL database ${scratch.name}`);
    api = await startApi(scratch.url);
    const apiProcess = api;

    // 1. POST ingest vs a plain INSERT of the same rows.
    resetPeakRss(apiProcess.pid);
    const posting = await phase('generate + POST /v1/events (client side)', () => postHistory(apiProcess));
    memory.push(`${'POST /v1/events'.padEnd(48)} API process peak ${mib(peakRssMiB(apiProcess.pid))}`);
    const insert = await phase('plain INSERT baseline', () => insertHistory((scratch as ScratchDatabase).url));
    printComparison(`POST /v1/events on PostgreSQL, ${POST_BATCH} per request, ${fmt(EVENTS)} events`, 'events', posting, insert);
    figures.push({
      figure: `POST /v1/events, ${POST_BATCH}/request, into a growing store`,
      measured: rate(posting),
      baseline: `${rate(insert)} raw`,
      ratio: perSecond(posting) / perSecond(insert),
      target: '≥ 0.6× raw INSERT',
      met: perSecond(posting) / perSecond(insert) >= 0.6,
    });

    // 2. Appends, batch of 500: the full store, an empty one, plain INSERTs.
    db = new PostgresDatabase(scratch.url);
    const store = await SqlEventStore.open(db);
    const large = await appendVersusInsert(db, store, `postgres, ${fmt(EVENTS)} events stored`);
    const emptyScratch = await createScratchDatabase(admin, 'ledger_scale_empty');
    let empty: AppendVersusInsert;
    const emptyDb = new PostgresDatabase(emptyScratch.url);
    try {
      empty = await appendVersusInsert(emptyDb, await SqlEventStore.open(emptyDb), 'postgres, empty store');
    } finally {
      await emptyDb.close();
      await emptyScratch.drop();
    }
    printComparison('append, batches of 500, full store', 'events', large.append, large.insert);
    printComparison('append, batches of 500, empty store', 'events', empty.append, empty.insert);
    printComparison('append, batches of 500: full store vs empty', 'events', large.append, empty.append);
    const appendRatio = (subject: Measurement, baseline: Measurement) => perSecond(subject) / perSecond(baseline);
    figures.push(
      {
        figure: 'append batch 500, full store, vs raw INSERT',
        measured: rate(large.append),
        baseline: `${rate(large.insert)} raw`,
        ratio: appendRatio(large.append, large.insert),
        target: '≥ 0.8× raw INSERT',
        met: appendRatio(large.append, large.insert) >= 0.8,
      },
      {
        figure: 'append batch 500, empty store, vs raw INSERT',
        measured: rate(empty.append),
        baseline: `${rate(empty.insert)} raw`,
        ratio: appendRatio(empty.append, empty.insert),
        target: '≥ 0.8× raw INSERT',
        met: appendRatio(empty.append, empty.insert) >= 0.8,
      },
      {
        figure: 'append batch 500, full store vs empty store',
        measured: rate(large.append),
        baseline: `${rate(empty.append)} empty`,
        ratio: appendRatio(large.append, empty.append),
        target: '≥ 0.9× empty',
        met: appendRatio(large.append, empty.append) >= 0.9,
      },
    );

    // 3. Projections: catch-up from nothing vs the posting time; a full rebuild vs a read-only pass.
    let head = 0;
    const caughtUp = await phase('projections catch-up (shared feed, 4 runners)', () =>
      measure('every projection caught up from nothing', EVENTS, async () => (head = await catchUp(store, db as PostgresDatabase))),
    );
    console.log(`  caught up to position ${fmt(head)} (upstream events plus the facts the projections recorded) in ${seconds(caughtUp)}`);
    figures.push({
      figure: 'all projections caught up, time (sequential, after posting)',
      measured: seconds(caughtUp),
      baseline: `${seconds(posting)} posting`,
      ratio: caughtUp.millis / posting.millis,
      target: '≤ 1.1× posting time',
      met: caughtUp.millis / posting.millis <= 1.1,
    });
    const read = await phase('read-only pass of the store', () => readPass(store, head));
    const rebuilt = await phase('full rebuild (reset + replay, shared feed)', () =>
      measure('full rebuild of every projection', head, async () => {
        const bar = progress('rebuild', head);
        await rebuildProjections(new SharedEventFeed(store), db as PostgresDatabase, liveProjections(PROJECTION_SETTINGS), {
          start: () => undefined,
          update: (value) => bar(value),
          setTotal: () => undefined,
          stop: () => undefined,
        });
      }),
    );
    printComparison(`full rebuild of every projection over ${fmt(head)} stored events`, 'events', rebuilt, read);
    figures.push({
      figure: 'full rebuild vs read-only pass (throughput)',
      measured: `${seconds(rebuilt)} ${rate(rebuilt)}`,
      baseline: `${seconds(read)} ${rate(read)}`,
      ratio: perSecond(rebuilt) / perSecond(read),
      target: '≥ 0.5× read',
      met: perSecond(rebuilt) / perSecond(read) >= 0.5,
    });

    // 3b. The same rebuild spread over one projector process per projection (PROJECTIONS), as an
    // operator scales a catch-up out; timed from the spawn, so the processes' start-up counts.
    const spread = await measure('full rebuild, a projector process per projection', head, async () => {
      await resetProjections(db as PostgresDatabase, liveProjections());
      head = await projectorsCatchUp((scratch as ScratchDatabase).url, store, db as PostgresDatabase);
    });
    printComparison(`full rebuild, one projector process per projection, ${fmt(head)} stored events`, 'events', spread, read);
    figures.push({
      figure: 'full rebuild, a projector process per projection, vs read-only pass',
      measured: `${seconds(spread)} ${rate(spread)}`,
      baseline: `${seconds(read)} ${rate(read)}`,
      ratio: perSecond(spread) / perSecond(read),
      target: '≥ 0.5× read',
      met: perSecond(spread) / perSecond(read) >= 0.5,
    });

    // 4. Reports through the API process, 8 clients at once. Statistics first, as autovacuum keeps
    // them on a default server (this machine's has autovacuum off; docs/operations.md).
    await db.query('ANALYZE');
    resetPeakRss(apiProcess.pid);
    await reports(apiProcess, db);
    memory.push(`${'report endpoints, 8 clients'.padEnd(48)} API process peak ${mib(peakRssMiB(apiProcess.pid))}`);

    // 5. Simulation vs the read-only pass.
    let changed = 0;
    const simulated = await phase('simulation over the whole store', () =>
      measure('simulation: linear policy + 30 % plan, compared', head, async () => {
        const result = await runSimulation(store, {
          policy: { ...DEFAULT_POLICY, version: 'linear-scale', model: 'linear' },
          plan: { ...DEFAULT_PLAN, version: 'flat-30', rates: [{ rate: '0.30' }] },
        });
        changed = result.conversionsChanged;
      }),
    );
    printComparison(`simulation over ${fmt(head)} stored events (${fmt(changed)} conversions changed)`, 'events', simulated, read);
    figures.push({
      figure: 'simulation vs read-only pass (throughput)',
      measured: rate(simulated),
      baseline: rate(read),
      ratio: perSecond(simulated) / perSecond(read),
      target: '≥ 0.5× read',
      met: perSecond(simulated) / perSecond(read) >= 0.5,
    });
    printSummary();
  } finally {
    await api?.stop();
    await db?.close();
    await scratch?.drop();
    await admin.end();
  }
}

if (require.main === module) {
  scaleBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
