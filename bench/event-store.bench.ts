import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlEventStore, type AppendCandidate } from '@ledger/platform/event-store';
import { PgliteDatabase, PostgresDatabase, type SqlDatabase } from '@ledger/platform/sql';
import { BASELINE_TABLE, connectAdmin, createScratchDatabase, insertBaselineRows } from './postgres';
import { measure, printComparison, type Measurement } from './report';

/**
 * Append throughput of the SQL-backed store against a baseline of plain INSERTs of the same rows
 * through the same driver into a table with the same columns and keys (no lock, no idempotency
 * check, no revision check, no streams table):
 * - embedded (PGlite on disk) and PostgreSQL, batches of 1 and of 500, on an empty store;
 * - PostgreSQL, batches of 500 on a store pre-filled with SCALE_EVENTS events (default 1,000,000,
 *   written by INSERT … SELECT generate_series, the baseline table filled with the same rows), so
 *   the ratio large/empty shows whether an append costs more the longer the history.
 * Append and INSERT batches alternate, so both see the same load of a shared machine.
 */
const SINGLE_APPENDS = Number(process.env.BENCH_SINGLE ?? 1000);
const BATCHES_OF_500 = Number(process.env.BENCH_BATCHES ?? 40);
const PREFILL_EVENTS = Number(process.env.SCALE_EVENTS ?? 1_000_000);
const PREFILL_CHUNK = 1_000_000;
const PREFILL_STREAMS = 100_000;

let sequence = 0;
function candidate(): AppendCandidate {
  sequence += 1;
  return {
    streamId: `visitor-v${sequence % 997}`,
    expectedRevision: 'any',
    event: {
      specversion: '1.0',
      id: `bench-${process.pid}-${sequence}`,
      source: 'bench',
      type: 'click.recorded',
      time: '2026-03-04T10:00:00Z',
      data: { partnerId: `P-${sequence % 50}`, visitorId: `v${sequence % 997}`, linkId: 'spring-campaign' },
    },
  };
}

export interface AppendVersusInsert {
  append: Measurement;
  insert: Measurement;
}

/**
 * `batches` appends of `size` fresh events through the store, alternating with plain INSERTs of as
 * many other fresh rows into baseline_events (created if missing) on the same database.
 */
export async function appendVersusInsert(
  db: SqlDatabase,
  store: SqlEventStore,
  label: string,
  batches = BATCHES_OF_500,
  size = 500,
): Promise<AppendVersusInsert> {
  await db.exec(BASELINE_TABLE);
  const [row] = await db.query<{ head: string | number }>('SELECT coalesce(max(position), 0) AS head FROM baseline_events');
  let position = Number(row.head) + 1;
  const appends = Array.from({ length: batches }, () => Array.from({ length: size }, candidate));
  const inserts = Array.from({ length: batches }, () => Array.from({ length: size }, candidate));
  let appendMillis = 0;
  let insertMillis = 0;
  for (let i = 0; i < batches; i++) {
    appendMillis += (await measure('', size, () => store.append(appends[i]))).millis;
    insertMillis += (
      await measure('', size, async () => {
        await insertBaselineRows((sql, params) => db.query(sql, params), inserts[i], position);
        position += size;
      })
    ).millis;
  }
  const operations = batches * size;
  return {
    append: { label: `${label}: store.append, batch of ${size}`, operations, millis: appendMillis },
    insert: { label: `${label}: plain INSERT, ${size} rows`, operations, millis: insertMillis },
  };
}

async function benchEmpty(name: string, db: SqlDatabase, store: SqlEventStore): Promise<Measurement> {
  await db.exec(BASELINE_TABLE);
  let position = 1_000_000_000;
  const singles = Array.from({ length: SINGLE_APPENDS }, () => [candidate()]);
  const singleStore = await measure(`${name} store.append, batch of 1`, SINGLE_APPENDS, async () => {
    for (const batch of singles) await store.append(batch);
  });
  const singleRows = Array.from({ length: SINGLE_APPENDS }, () => [candidate()]);
  const singleBaseline = await measure(`${name} plain INSERT, 1 row`, SINGLE_APPENDS, async () => {
    for (const rows of singleRows) await insertBaselineRows((sql, params) => db.query(sql, params), rows, position++);
  });
  printComparison(`append throughput, ${name}, batches of 1`, 'events', singleStore, singleBaseline);

  const batch = await appendVersusInsert(db, store, name);
  printComparison(`append throughput, ${name}, batches of 500`, 'events', batch.append, batch.insert);
  return batch.append;
}

/**
 * Writes `events` synthetic click events after the current head straight into ledger_events (the
 * statement trigger keeps ledger_streams in step) and the same rows into baseline_events, a
 * million per statement, with progress; then ANALYZE. Seconds, not the hours appends would take.
 */
export async function prefill(db: SqlDatabase, events: number): Promise<void> {
  const started = Date.now();
  const [row] = await db.query<{ head: string | number }>('SELECT coalesce(max(position), 0) AS head FROM ledger_events');
  const first = Number(row.head) + 1;
  for (let from = first; from < first + events; from += PREFILL_CHUNK) {
    const to = Math.min(first + events - 1, from + PREFILL_CHUNK - 1);
    await db.query(
      `INSERT INTO ledger_events (position, stream_id, revision, source, event_id, type, business_time, recorded_at, content_hash, envelope)
       SELECT g, 'prefill-' || ((g - 1) % ${PREFILL_STREAMS}), (g - 1) / ${PREFILL_STREAMS}, 'prefill', 'e-' || g, 'click.recorded', t, now(), md5(g::text),
              '{"specversion":"1.0","id":"e-' || g || '","source":"prefill","type":"click.recorded","time":"' ||
              to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '","data":{"partnerId":"P-' || (g % 2000) ||
              '","visitorId":"V-' || g || '","linkId":"L-' || (g % 500) || '"}}'
         FROM generate_series($1::bigint, $2::bigint) g, LATERAL (SELECT timestamptz '2024-01-01T00:00:00Z' + g * interval '6 seconds' AS t) time`,
      [from, to],
    );
    await db.query(
      `INSERT INTO baseline_events SELECT position + 1000000000000, stream_id, revision, source, event_id, type, business_time, recorded_at,
              content_hash, envelope FROM ledger_events WHERE position BETWEEN $1 AND $2`,
      [from, to],
    );
    console.log(
      `  prefill: ${(to - first + 1).toLocaleString('en-US')} / ${events.toLocaleString('en-US')} events (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  await db.exec('ANALYZE ledger_events; ANALYZE ledger_streams; ANALYZE baseline_events');
}

const ratio = (subject: Measurement, baseline: Measurement) =>
  (subject.operations / subject.millis / (baseline.operations / baseline.millis)).toFixed(3);

export async function eventStoreBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const embedded = await PgliteDatabase.open(dir);
  try {
    const store = await SqlEventStore.open(embedded);
    await benchEmpty('embedded (PGlite on disk)', embedded, store);
    await store.close();
  } finally {
    await embedded.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const admin = await connectAdmin('append throughput');
  if (!admin) return;
  const scratch = await createScratchDatabase(admin, 'ledger_bench_store');
  const postgres = new PostgresDatabase(scratch.url);
  try {
    const store = await SqlEventStore.open(postgres);
    await benchEmpty('postgres, empty store', postgres, store);
    // The empty-store figure again, right before the prefill: same warm-up as the large one.
    const empty = await appendVersusInsert(postgres, store, 'postgres, empty store');
    await prefill(postgres, PREFILL_EVENTS);
    const size = `${(PREFILL_EVENTS / 1e6).toLocaleString('en-US')}M`;
    const large = await appendVersusInsert(postgres, store, `postgres, ${size} events stored`);
    printComparison(`append throughput, postgres, batches of 500, ${size} events stored`, 'events', large.append, large.insert);
    printComparison(`append throughput, postgres, batches of 500: ${size} events stored vs empty`, 'events', large.append, empty.append);
    console.log(
      `  summary: append/raw INSERT ${ratio(empty.append, empty.insert)} empty, ${ratio(large.append, large.insert)} at ${size} (target ≥ 0.8); ` +
        `append ${size}/empty ${ratio(large.append, empty.append)} (target ≥ 0.9); raw INSERT ${size}/empty ${ratio(large.insert, empty.insert)}`,
    );
    await store.close();
  } finally {
    await postgres.close();
    await scratch.drop();
    await admin.end();
  }
}

if (require.main === module) {
  eventStoreBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
