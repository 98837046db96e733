import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchKafkaJars, kafkaPrerequisiteProblem, startKafka, stopKafka } from '../../scripts/kafka';

/*
 * The Kafka broker of the test run. The global set-up only decides whether Kafka suites can
 * run (TEST_KAFKA_BROKERS given, or java + the Kafka jars available) and hands the workers
 * LEDGER_TEST_KAFKA_BROKERS, LEDGER_TEST_KAFKA_DIR or LEDGER_TEST_KAFKA_SKIP. The first Kafka
 * suite starts the broker (a JVM costs seconds and memory, so runs without Kafka suites never
 * pay for it); the global teardown stops it.
 */

const START_TIMEOUT_MILLIS = 120_000;

/** Global set-up part: where the Kafka suites get their broker, or why they skip. */
export async function setUpKafkaForTests(): Promise<void> {
  const given = process.env.TEST_KAFKA_BROKERS;
  // An explicit TEST_KAFKA_BROKERS is the only broker tried.
  let reason = given ? await probe(given) : kafkaPrerequisiteProblem();
  if (given && !reason) {
    process.env.LEDGER_TEST_KAFKA_BROKERS = given;
    return;
  }
  if (!given && !reason) {
    try {
      await fetchKafkaJars(); // once per machine; later runs find the jars in .cache/kafka
    } catch (error) {
      reason = (error as Error).message;
    }
  }
  if (reason) {
    if (process.env.CI === 'true')
      throw new Error(`CI=true and Kafka cannot run here (${reason}): the Kafka suites cannot be skipped in CI`);
    process.env.LEDGER_TEST_KAFKA_SKIP = reason;
    console.log(`\n[test setup] skipping Kafka suites: ${reason}`);
    return;
  }
  process.env.LEDGER_TEST_KAFKA_DIR = mkdtempSync(join(tmpdir(), 'ledger-kafka-'));
  process.env.LEDGER_TEST_KAFKA_OWNER = String(process.pid);
}

async function probe(brokers: string): Promise<string | undefined> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 1 },
    connectionTimeout: 3000,
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return undefined;
  } catch (error) {
    return `TEST_KAFKA_BROKERS=${brokers} does not answer: ${(error as Error).message}`;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Global teardown part: stops the broker a suite started, if any. */
export async function tearDownKafkaForTests(): Promise<void> {
  const dir = process.env.LEDGER_TEST_KAFKA_DIR;
  if (!dir) return;
  await stopKafka(join(dir, 'broker'));
  rmSync(dir, { recursive: true, force: true });
}

/** `describe` when the run has Kafka, else a skip that prints why. The broker is up before the first test. */
export function describeWithKafka(name: string, body: () => void): void {
  const skip = process.env.LEDGER_TEST_KAFKA_SKIP;
  if (skip || (!process.env.LEDGER_TEST_KAFKA_BROKERS && !process.env.LEDGER_TEST_KAFKA_DIR)) {
    describe.skip(`${name} (skipped: ${skip ?? 'Kafka not configured by the global set-up'})`, body);
    return;
  }
  describe(name, () => {
    beforeAll(async () => {
      await testKafkaBrokers();
    }, START_TIMEOUT_MILLIS + 5000);
    body();
  });
}

let brokers: Promise<string> | undefined;

/** `host:port` of the test broker, starting it if this is the first suite to need it. */
export function testKafkaBrokers(): Promise<string> {
  brokers ??= resolveBrokers();
  return brokers;
}

/** One suite (worker) wins an atomic mkdir and starts the broker; the others wait for its answer. */
async function resolveBrokers(): Promise<string> {
  if (process.env.LEDGER_TEST_KAFKA_BROKERS) return process.env.LEDGER_TEST_KAFKA_BROKERS;
  const dir = process.env.LEDGER_TEST_KAFKA_DIR as string;
  const ready = join(dir, 'ready');
  const failed = join(dir, 'failed');
  let starter = false;
  try {
    mkdirSync(join(dir, 'lock'));
    starter = true;
  } catch {
    // another worker is starting it
  }
  if (starter) {
    try {
      const kafka = await startKafka({
        dir: join(dir, 'broker'),
        stopWithProcess: Number(process.env.LEDGER_TEST_KAFKA_OWNER) || undefined,
        timeoutMillis: START_TIMEOUT_MILLIS,
      });
      // Written whole, then renamed: a waiting worker never reads half an address.
      writeFileSync(`${ready}.tmp`, kafka.brokers);
      renameSync(`${ready}.tmp`, ready);
      return kafka.brokers;
    } catch (error) {
      writeFileSync(failed, (error as Error).message);
      throw error;
    }
  }
  const deadline = Date.now() + START_TIMEOUT_MILLIS;
  while (Date.now() < deadline) {
    if (existsSync(ready)) return readFileSync(ready, 'utf8');
    if (existsSync(failed)) throw new Error(`the test Kafka broker did not start: ${readFileSync(failed, 'utf8')}`);
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`the test Kafka broker did not start within ${START_TIMEOUT_MILLIS} ms`);
}
