import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { SqlEventStore, type AppendCandidate } from '@ledger/platform/event-store';
import { PgliteDatabase, PostgresDatabase, type SqlDatabase } from '@ledger/platform/sql';
import { measure, printComparison } from './report';

/**
 * Append throughput of each SQL-backed store for batches of 1 and 500, against a baseline of
 * plain INSERTs of the same rows through the same driver into a table with the same columns
 * and keys (no lock, no idempotency check, no revision check).
 */
const SINGLE_APPENDS = Number(process.env.BENCH_SINGLE ?? 1000);
const BATCHES_OF_500 = Number(process.env.BENCH_BATCHES ?? 20);

let sequence = 0;
function candidate(): AppendCandidate {
  sequence += 1;
  return {
    streamId: `visitor-v${sequence % 997}`,
    expectedRevision: 'any',
    event: {
      specversion: '1.0',
      id: `bench-${sequence}`,
      source: 'bench',
      type: 'click.recorded',
      time: '2026-03-04T10:00:00Z',
      data: { partnerId: `P-${sequence % 50}`, visitorId: `v${sequence % 997}`, linkId: 'spring-campaign' },
    },
  };
}

const BASELINE_TABLE = `CREATE TABLE IF NOT EXISTS baseline_events (
  position bigint PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL, source text NOT NULL,
  event_id text NOT NULL, type text NOT NULL, business_time timestamptz NOT NULL, recorded_at timestamptz NOT NULL,
  content_hash text NOT NULL, envelope text NOT NULL, UNIQUE (stream_id, revision), UNIQUE (source, event_id))`;

async function plainInsert(db: SqlDatabase, rows: AppendCandidate[]): Promise<void> {
  const sql = `INSERT INTO baseline_events SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[],
    $6::text[], $7::timestamptz[], $8::timestamptz[], $9::text[], $10::text[])`;
  const positions = rows.map(() => ++baselinePosition);
  await db.query(sql, [
    positions,
    rows.map((r) => r.streamId),
    positions,
    rows.map((r) => r.event.source),
    rows.map((r) => r.event.id),
    rows.map((r) => r.event.type),
    rows.map((r) => r.event.time),
    rows.map(() => new Date().toISOString()),
    rows.map(() => 'x'),
    rows.map((r) => JSON.stringify(r.event)),
  ]);
}
let baselinePosition = 0;

async function benchStore(name: string, db: SqlDatabase): Promise<void> {
  const store = await SqlEventStore.open(db);
  await db.exec(BASELINE_TABLE);

  const singles = Array.from({ length: SINGLE_APPENDS }, () => [candidate()]);
  const singleStore = await measure(`${name} store.append, batch of 1`, SINGLE_APPENDS, async () => {
    for (const batch of singles) await store.append(batch);
  });
  const singleRows = Array.from({ length: SINGLE_APPENDS }, () => [candidate()]);
  const singleBaseline = await measure(`${name} plain INSERT, 1 row`, SINGLE_APPENDS, async () => {
    for (const rows of singleRows) await plainInsert(db, rows);
  });
  printComparison(`append throughput, ${name}, batches of 1`, 'events', singleStore, singleBaseline);

  const batches = Array.from({ length: BATCHES_OF_500 }, () => Array.from({ length: 500 }, candidate));
  const batchStore = await measure(`${name} store.append, batch of 500`, BATCHES_OF_500 * 500, async () => {
    for (const batch of batches) await store.append(batch);
  });
  const rowBatches = Array.from({ length: BATCHES_OF_500 }, () => Array.from({ length: 500 }, candidate));
  const batchBaseline = await measure(`${name} plain INSERT, 500 rows`, BATCHES_OF_500 * 500, async () => {
    for (const rows of rowBatches) await plainInsert(db, rows);
  });
  printComparison(`append throughput, ${name}, batches of 500`, 'events', batchStore, batchBaseline);
  await store.close();
}

export async function eventStoreBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const embedded = await PgliteDatabase.open(dir);
  try {
    await benchStore('embedded (PGlite on disk)', embedded);
  } finally {
    await embedded.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    console.log(`append throughput, postgres: skipped (${adminUrl} unreachable: ${(error as Error).message})`);
    return;
  }
  const name = `ledger_bench_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const postgres = new PostgresDatabase(url.toString());
  try {
    baselinePosition = 0;
    await benchStore('postgres', postgres);
  } finally {
    await postgres.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

if (require.main === module) {
  eventStoreBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
