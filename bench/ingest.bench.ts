import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import type { INestApplication } from '@nestjs/common';
import { streamForEvent, type CloudEvent } from '@ledger/contracts';
import { loadConfig } from '@ledger/platform/config';
import { createApp } from '../apps/api/src/create-app';
import { measure, printComparison, type Measurement } from './report';
import { syntheticHistory } from './synthetic-history';

/**
 * POST /v1/events at INGEST_BENCH_BATCH events per request through the real HTTP app (a listening
 * server, one keep-alive client, requests one after another) on PostgreSQL, against a same-run
 * baseline: a plain INSERT of the same rows (same columns, same keys, one statement per batch)
 * through the same driver, one statement after another. Projections are off (RUN_PROJECTIONS=false):
 * the figure is the write path alone.
 */
const EVENTS = Number(process.env.INGEST_BENCH_EVENTS ?? 50_000);
const BATCH = Number(process.env.INGEST_BENCH_BATCH ?? 1000);
const API_KEY = 'bench-ingest-key-0001';

export async function ingestBench(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    console.log(`POST ingest, postgres: skipped (${adminUrl} unreachable: ${(error as Error).message})`);
    return;
  }
  const events = [...syntheticHistory({ events: EVENTS * 2, seed: 20260304 })].map((recorded) => recorded.event);
  const [posted, inserted] = [events.slice(0, EVENTS), events.slice(EVENTS)];
  try {
    const post = await withScratchDatabase(admin, adminUrl, (url) => postAll(url, posted));
    const insert = await withScratchDatabase(admin, adminUrl, (url) => insertAll(url, inserted));
    printComparison(
      `POST /v1/events on PostgreSQL, ${BATCH} events per request, ${EVENTS.toLocaleString('en-US')} events (events/s)`,
      'events',
      post,
      insert,
    );
  } finally {
    await admin.end();
  }
}

async function postAll(databaseUrl: string, events: CloudEvent[]): Promise<Measurement> {
  const config = loadConfig({
    EVENT_STORE: 'postgres',
    DATABASE_URL: databaseUrl,
    RUN_PROJECTIONS: 'false',
    API_KEYS: `${API_KEY}:ingest`,
    LOG_LEVEL: 'silent',
    MAX_BATCH_EVENTS: String(BATCH),
  });
  const app: INestApplication = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const bodies = chunks(events, BATCH).map((chunk) => JSON.stringify(chunk));
  const send = async (body: string) => {
    const response = await fetch(`http://127.0.0.1:${port}/v1/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
      body,
    });
    const answer = (await response.json()) as { results: Array<{ status: string }> };
    if (response.status !== 200 || answer.results.some((result) => result.status !== 'accepted')) {
      throw new Error(`POST answered ${response.status}: ${JSON.stringify(answer).slice(0, 500)}`);
    }
  };
  try {
    await send(JSON.stringify(syntheticWarmUp()));
    return await measure(`POST /v1/events, ${BATCH} per request`, events.length, async () => {
      for (const body of bodies) await send(body);
    });
  } finally {
    await app.close();
  }
}

/** A few events of other sources, so the first timed request finds a warm app and a non-empty store. */
function syntheticWarmUp(): CloudEvent[] {
  return [...syntheticHistory({ events: 200, seed: 1 })].map((recorded) => ({ ...recorded.event, source: 'warm-up' }));
}

const BASELINE_TABLE = `CREATE TABLE baseline_events (
  position bigint PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL, source text NOT NULL,
  event_id text NOT NULL, type text NOT NULL, business_time timestamptz NOT NULL, recorded_at timestamptz NOT NULL,
  content_hash text NOT NULL, envelope text NOT NULL, UNIQUE (stream_id, revision), UNIQUE (source, event_id))`;

async function insertAll(databaseUrl: string, events: CloudEvent[]): Promise<Measurement> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(BASELINE_TABLE);
    let position = 0;
    const insert = async (rows: CloudEvent[]) => {
      const positions = rows.map(() => ++position);
      await client.query(
        `INSERT INTO baseline_events SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[],
          $6::text[], $7::timestamptz[], $8::timestamptz[], $9::text[], $10::text[])`,
        [
          positions,
          rows.map((event) => streamForEvent(event)),
          positions,
          rows.map((event) => event.source),
          rows.map((event) => event.id),
          rows.map((event) => event.type),
          rows.map((event) => event.time),
          rows.map(() => new Date().toISOString()),
          rows.map(() => 'x'),
          rows.map((event) => JSON.stringify(event)),
        ],
      );
    };
    await insert(syntheticWarmUp());
    return await measure(`plain INSERT of the same rows, ${BATCH} per statement`, events.length, async () => {
      for (const rows of chunks(events, BATCH)) await insert(rows);
    });
  } finally {
    await client.end();
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}

async function withScratchDatabase<T>(admin: Client, adminUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `ledger_bench_ingest_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

if (require.main === module) {
  ingestBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
