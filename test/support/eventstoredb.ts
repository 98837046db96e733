import { BACKWARDS, END, EventStoreDBClient } from '@eventstore/db-client';

/**
 * EventStoreDB for the test suites, found once by the global set-up:
 * - `TEST_EVENTSTORE_URL` when set (the only server tried; must answer, and under CI=true a
 *   silent one fails the run);
 * - otherwise a testcontainers EventStoreDB in insecure mode wherever a Docker engine answers
 *   (`TEST_EVENTSTORE_IMAGE` picks the image, default eventstore/eventstore:24.10);
 * - otherwise the EventStoreDB suites are skipped with the reason printed. No Docker is a normal
 *   machine (and CI) state, so that alone never fails the run.
 * Workers inherit LEDGER_TEST_ESDB_URL or LEDGER_TEST_ESDB_SKIP. Suites isolate themselves with
 * their own stream namespace, so one server serves every suite and every test.
 */
export async function setUpEventStoreDbForTests(): Promise<void> {
  const explicit = process.env.TEST_EVENTSTORE_URL;
  if (explicit) {
    const problem = await probe(explicit);
    if (!problem) {
      process.env.LEDGER_TEST_ESDB_URL = explicit;
      return;
    }
    const reason = `TEST_EVENTSTORE_URL does not answer: ${problem}`;
    if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`);
    skip(reason);
    return;
  }
  const container = await startContainer();
  if ('url' in container) {
    process.env.LEDGER_TEST_ESDB_URL = container.url;
    return;
  }
  skip(`TEST_EVENTSTORE_URL is not set and no EventStoreDB container could start (${container.problem})`);
}

export async function tearDownEventStoreDbForTests(): Promise<void> {
  const container = (globalThis as { __ledgerEsdbContainer?: { stop(): Promise<unknown> } }).__ledgerEsdbContainer;
  if (container) await container.stop();
}

/** `describe` when the global set-up found EventStoreDB, else a skip that prints why. */
export function describeWithEventStoreDb(name: string, body: () => void): void {
  if (!process.env.LEDGER_TEST_ESDB_URL) {
    describe.skip(`${name} (skipped: ${process.env.LEDGER_TEST_ESDB_SKIP ?? 'EventStoreDB not configured'})`, body);
    return;
  }
  describe(name, body);
}

export function eventStoreDbTestUrl(): string {
  const url = process.env.LEDGER_TEST_ESDB_URL;
  if (!url) throw new Error('EventStoreDB is not available to this test run');
  return url;
}

function skip(reason: string): void {
  process.env.LEDGER_TEST_ESDB_SKIP = reason;
  console.log(`\n[test setup] skipping EventStoreDB suites: ${reason}`);
}

async function startContainer(): Promise<{ url: string } | { problem: string }> {
  try {
    const { GenericContainer, Wait } = await import('testcontainers');
    const image = process.env.TEST_EVENTSTORE_IMAGE || 'eventstore/eventstore:24.10';
    // Insecure single node in memory: the dev set-up of docs/eventstoredb.md. Both variable
    // prefixes, so a KurrentDB image (KURRENTDB_*) works as well as an EventStoreDB one.
    const settings = { INSECURE: 'true', RUN_PROJECTIONS: 'None', START_STANDARD_PROJECTIONS: 'false', MEM_DB: 'true', CLUSTER_SIZE: '1' };
    const environment = Object.fromEntries(
      Object.entries(settings).flatMap(([key, value]) => [
        [`EVENTSTORE_${key}`, value],
        [`KURRENTDB_${key}`, value],
      ]),
    );
    const container = await new GenericContainer(image)
      .withEnvironment(environment)
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .withStartupTimeout(120_000)
      .start();
    (globalThis as { __ledgerEsdbContainer?: { stop(): Promise<unknown> } }).__ledgerEsdbContainer = container;
    const url = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
    const problem = await probe(url);
    return problem ? { problem: `the container does not answer: ${problem}` } : { url };
  } catch (error) {
    return { problem: `testcontainers: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
}

/** Undefined when the server answers a read of $all within a few seconds, else the reason. */
async function probe(url: string): Promise<string | undefined> {
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(url);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const read = client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => {
        for await (const _ of read) void _;
      })(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 5000 ms')), 5000);
      }),
    ]);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
    await read.cancel().catch(() => undefined);
    await client.dispose().catch(() => undefined);
  }
}
