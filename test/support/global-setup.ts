import { Client } from 'pg';
import { createEmbeddedTemplate } from './embedded-template';
import { setUpEventStoreDbForTests } from './eventstoredb';
import { setUpKafkaForTests } from './kafka';

/**
 * Finds the services the integration suites need before any worker starts. Workers inherit
 * the environment set here: LEDGER_TEST_PG_URL when PostgreSQL is reachable, otherwise
 * LEDGER_TEST_PG_SKIP with the reason. Under CI=true a missing service fails the whole run.
 */
export default async function globalSetup(): Promise<void> {
  // LEDGER_TEST_EMBEDDED_TEMPLATE: one initialised embedded cluster that fresh test databases copy.
  await createEmbeddedTemplate();
  // Kafka: LEDGER_TEST_KAFKA_BROKERS / LEDGER_TEST_KAFKA_DIR (started by the first Kafka suite) / LEDGER_TEST_KAFKA_SKIP.
  await setUpKafkaForTests();
  // EventStoreDB: LEDGER_TEST_ESDB_URL (TEST_EVENTSTORE_URL or a testcontainers server) / LEDGER_TEST_ESDB_SKIP.
  await setUpEventStoreDbForTests();
  // An explicit TEST_DATABASE_URL is the only server tried; otherwise DATABASE_URL, then the local default.
  const candidates = process.env.TEST_DATABASE_URL
    ? [process.env.TEST_DATABASE_URL]
    : [process.env.DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/postgres'].filter((url): url is string => Boolean(url));
  const failures: string[] = [];
  for (const url of candidates) {
    const reason = await probe(url);
    if (!reason) {
      process.env.LEDGER_TEST_PG_URL = url;
      return;
    }
    failures.push(`${redact(url)}: ${reason}`);
  }
  const container = await startContainerIfDockerRuns(failures);
  if (container) {
    process.env.LEDGER_TEST_PG_URL = container;
    return;
  }
  const reason = `PostgreSQL unreachable (${failures.join('; ')})`;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}: the PostgreSQL suites cannot be skipped in CI`);
  process.env.LEDGER_TEST_PG_SKIP = reason;
  console.log(`\n[test setup] skipping PostgreSQL suites: ${reason}`);
}

async function probe(url: string): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Testcontainers wherever a Docker engine answers; a machine without one just skips this. */
async function startContainerIfDockerRuns(failures: string[]): Promise<string | undefined> {
  try {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:16-alpine').start();
    (globalThis as { __ledgerPgContainer?: { stop(): Promise<unknown> } }).__ledgerPgContainer = container;
    return container.getConnectionUri();
  } catch (error) {
    failures.push(`testcontainers: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return undefined;
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
