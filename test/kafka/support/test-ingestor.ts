import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { loadIngestorConfig, type IngestorConfig } from '@ledger/platform/config';
import type { RecordedEvent } from '@ledger/contracts';
import { EVENT_STORE, openStorage, type EventStore } from '@ledger/platform/event-store';
import { KafkaIngestorHost, type KafkaIngestor } from '@ledger/ingestion/kafka';
import { createIngestor } from '../../../apps/ingestor/src/create-ingestor';
import { freePort } from '../../../scripts/kafka';
import { createScratchDatabase } from '../../support/postgres';

export interface TestIngestor {
  app: INestApplication;
  config: IngestorConfig;
  ingestor: KafkaIngestor;
  store: EventStore;
  /** http://127.0.0.1:<port> of its /health. */
  url: string;
  close(): Promise<void>;
}

/** A store of its own for one test: the env for the ingestor and a clean-up. */
export interface ScratchStore {
  env: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * A scratch PostgreSQL database where the run has PostgreSQL (the production shape, and opened
 * in milliseconds), else an embedded store under a temporary DATA_DIR (PGlite takes seconds).
 */
export async function scratchStore(): Promise<ScratchStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-ingestor-'));
  const removeDir = async () => rmSync(dataDir, { recursive: true, force: true });
  if (!process.env.LEDGER_TEST_PG_URL) return { env: { DATA_DIR: dataDir, EVENT_STORE: 'embedded', DATABASE_URL: '' }, drop: removeDir };
  const database = await createScratchDatabase();
  return {
    env: { DATA_DIR: dataDir, EVENT_STORE: 'postgres', DATABASE_URL: database.url },
    drop: async () => {
      await database.drop();
      await removeDir();
    },
  };
}

/** The real ingestor app, in this process, with /health on a free port. */
export async function startTestIngestor(env: Record<string, string>, store?: ScratchStore): Promise<TestIngestor> {
  const own = store ? undefined : await scratchStore();
  const port = await freePort();
  const config = loadIngestorConfig({
    LOG_LEVEL: 'silent',
    INGESTOR_PORT: String(port),
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    ...(store ?? own)?.env,
    ...env,
  });
  const app = await createIngestor(config);
  await app.listen(port, '127.0.0.1');
  return {
    app,
    config,
    ingestor: app.get(KafkaIngestorHost).ingestor,
    store: app.get<EventStore>(EVENT_STORE),
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await own?.drop();
    },
  };
}

export async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const batch = await store.readAll(events.at(-1)?.position ?? 0, 1000);
    if (batch.length === 0) return events;
    events.push(...batch);
  }
}

/** Opens the store a ScratchStore describes (for a test that reads what child processes wrote). */
export function openScratchStore(store: ScratchStore) {
  return openStorage({
    eventStore: store.env.EVENT_STORE as 'embedded' | 'postgres',
    dataDir: store.env.DATA_DIR,
    databaseUrl: store.env.DATABASE_URL || undefined,
  });
}
