import { Client } from 'pg';
import type { CloudEvent } from '@ledger/contracts';

/** The server the PostgreSQL benchmarks use (trust auth by default); each makes and drops scratch databases on it. */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A connection to the admin database, or undefined (with a line saying why) when the server does not answer. */
export async function connectAdmin(what: string): Promise<Client | undefined> {
  const admin = new Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
    return admin;
  } catch (error) {
    console.log(`${what}, postgres: skipped (${ADMIN_URL} unreachable: ${(error as Error).message})`);
    return undefined;
  }
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(admin: Client, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined) };
}

/**
 * The raw-INSERT baseline: a table with the event store's columns and keys (same primary key, same
 * two unique constraints) but no lock, no idempotency or revision check, no streams table.
 */
export const BASELINE_TABLE = `CREATE TABLE IF NOT EXISTS baseline_events (
  position bigint PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL, source text NOT NULL,
  event_id text NOT NULL, type text NOT NULL, business_time timestamptz NOT NULL, recorded_at timestamptz NOT NULL,
  content_hash text NOT NULL, envelope text NOT NULL, UNIQUE (stream_id, revision), UNIQUE (source, event_id))`;

export interface BaselineRow {
  streamId: string;
  event: CloudEvent;
}

/** One INSERT … SELECT FROM unnest(…) of `rows` into baseline_events, positions from `firstPosition`. */
export async function insertBaselineRows(
  query: (sql: string, params: unknown[]) => Promise<unknown>,
  rows: readonly BaselineRow[],
  firstPosition: number,
): Promise<void> {
  const positions = rows.map((_, index) => firstPosition + index);
  await query(
    `INSERT INTO baseline_events SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[],
      $6::text[], $7::timestamptz[], $8::timestamptz[], $9::text[], $10::text[])`,
    [
      positions,
      rows.map((row) => row.streamId),
      positions,
      rows.map((row) => row.event.source),
      rows.map((row) => row.event.id),
      rows.map((row) => row.event.type),
      rows.map((row) => row.event.time),
      rows.map(() => new Date().toISOString()),
      rows.map(() => 'x'),
      rows.map((row) => JSON.stringify(row.event)),
    ],
  );
}
