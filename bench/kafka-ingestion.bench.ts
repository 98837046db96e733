import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { loadIngestorConfig } from '@ledger/platform/config';
import { openStorage } from '@ledger/platform/event-store';
import { IngestEventsCommand, IngestEventsHandler } from '@ledger/ingestion/application';
import { KafkaIngestor } from '@ledger/ingestion/kafka';
import { startKafka, type RunningKafka } from '../scripts/kafka';
import { measure, perSecond, printComparison, type Measurement } from './report';
import { syntheticHistory } from './synthetic-history';

/**
 * Sustained Kafka ingestion: the KafkaIngestor reads a topic filled beforehand and appends every
 * event to the store (validation, one append per chunk, offset commits), against a same-run
 * baseline consumer that reads the same messages with kafkajs eachBatch and commits each batch
 * but stores nothing. Both start timing once they have joined their (fresh) consumer group.
 * Uses BENCH_KAFKA_BROKERS when given, otherwise starts a broker with scripts/kafka.ts.
 */
const EVENTS = Number(process.env.KAFKA_BENCH_EVENTS ?? 50_000);
const PARTITIONS = Number(process.env.KAFKA_BENCH_PARTITIONS ?? 3);
const CHUNK = process.env.KAFKA_MAX_BATCH_EVENTS ?? '500';

export async function kafkaIngestionBench(): Promise<void> {
  let broker: RunningKafka | undefined;
  let brokers = process.env.BENCH_KAFKA_BROKERS;
  const brokerDir = mkdtempSync(join(tmpdir(), 'ledger-bench-kafka-'));
  try {
    if (!brokers) {
      try {
        broker = await startKafka({ dir: brokerDir, stopWithProcess: process.pid });
      } catch (error) {
        console.log(`kafka ingestion: skipped (${(error as Error).message.split('\n')[0]})`);
        return;
      }
      brokers = broker.brokers;
      console.log(`  (Kafka ${broker.version} started by scripts/kafka.ts on ${brokers})`);
    }
    const kafka = new Kafka({ brokers: [brokers], clientId: 'ledger-bench', logLevel: logLevel.NOTHING });
    const topic = await fillTopic(kafka);

    const baseline = await consumeOnly(kafka, topic);
    const title = (store: string) =>
      `kafka ingestion: ${EVENTS.toLocaleString('en-US')} events from ${PARTITIONS} partitions, chunks of ${CHUNK}, ${store} store (events/s)`;
    await withEmbeddedStore(async (env) => {
      const embedded = await ingest(brokers as string, topic, env, 'KafkaIngestor → embedded store (PGlite)');
      printComparison(title('embedded'), 'events', embedded, baseline);
    });
    await withEmbeddedStore((env) => printWithoutKafka(env));
    await withScratchPostgres(async (env) => {
      const postgres = await ingest(brokers as string, topic, env, 'KafkaIngestor → PostgreSQL store');
      printComparison(title('postgres'), 'events', postgres, baseline);
    });
    await withScratchPostgres((env) => printWithoutKafka(env));
  } finally {
    await broker?.stop();
    rmSync(brokerDir, { recursive: true, force: true });
  }
}

/** A fresh topic holding EVENTS synthetic CloudEvents (not timed). */
async function fillTopic(kafka: Kafka): Promise<string> {
  const topic = `bench-${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  let batch: Array<{ key: string; value: string }> = [];
  for (const recorded of syntheticHistory({ events: EVENTS, seed: 20260304 })) {
    batch.push({ key: recorded.streamId, value: JSON.stringify(recorded.event) });
    if (batch.length === 1000) {
      await producer.send({ topic, acks: -1, messages: batch });
      batch = [];
    }
  }
  if (batch.length > 0) await producer.send({ topic, acks: -1, messages: batch });
  await producer.disconnect();
  return topic;
}

/** Baseline: kafkajs reads every message and commits each batch; nothing is parsed or stored. */
async function consumeOnly(kafka: Kafka, topic: string): Promise<Measurement> {
  const consumer = kafka.consumer({ groupId: `bench-baseline-${Date.now()}`, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let consumed = 0;
  let bytes = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
      for (const message of batch.messages) bytes += message.value?.length ?? 0;
      consumed += batch.messages.length;
      resolveOffset(batch.lastOffset());
      await commitOffsetsIfNecessary({
        topics: [{ topic, partitions: [{ partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }] }],
      });
      if (consumed >= EVENTS) done();
    },
  });
  const measurement = await measure('baseline: kafkajs consume + commit only', EVENTS, () => finished);
  await consumer.disconnect();
  if (bytes === 0) throw new Error('the baseline read nothing');
  return measurement;
}

async function ingest(brokers: string, topic: string, storeEnv: Record<string, string>, label: string): Promise<Measurement> {
  const config = loadIngestorConfig({
    ...storeEnv,
    KAFKA_BROKERS: brokers,
    KAFKA_TOPICS: topic,
    KAFKA_GROUP_ID: `bench-ingestor-${Date.now()}`,
    KAFKA_MAX_BATCH_EVENTS: CHUNK,
  });
  const storage = await openStorage(config);
  const handler = new IngestEventsHandler(storage.eventStore);
  const ingestor = new KafkaIngestor({
    kafka: config.kafka,
    ingest: (events) => handler.execute(new IngestEventsCommand(events, false)),
    storeAnswers: async () => true,
  });
  try {
    await ingestor.start();
    const measurement = await measure(label, EVENTS, async () => {
      while (ingestor.status().counts.consumed < EVENTS) await new Promise((resolve) => setTimeout(resolve, 20));
    });
    const { counts } = ingestor.status();
    console.log(`  ${label}: ${JSON.stringify(counts)}; store head ${await storage.eventStore.headPosition()}`);
    return measurement;
  } finally {
    await ingestor.stop();
    await storage.close();
  }
}

/** For scale: the same events through the same validation and appends in chunks, without Kafka. */
async function printWithoutKafka(storeEnv: Record<string, string>): Promise<void> {
  const config = loadIngestorConfig({ ...storeEnv, KAFKA_BROKERS: '127.0.0.1:9', KAFKA_TOPICS: 'unused' });
  const storage = await openStorage(config);
  const handler = new IngestEventsHandler(storage.eventStore);
  const chunks: unknown[][] = [[]];
  for (const recorded of syntheticHistory({ events: EVENTS, seed: 20260304 })) {
    if (chunks[chunks.length - 1].length === Number(CHUNK)) chunks.push([]);
    chunks[chunks.length - 1].push(JSON.parse(JSON.stringify(recorded.event)));
  }
  try {
    const direct = await measure('', EVENTS, async () => {
      for (const chunk of chunks) await handler.execute(new IngestEventsCommand(chunk, false));
    });
    console.log(
      `  for scale, the same validation + appends without Kafka (${config.eventStore}): ${Math.round(perSecond(direct)).toLocaleString('en-US')} events/s`,
    );
  } finally {
    await storage.close();
  }
}

async function withEmbeddedStore(work: (env: Record<string, string>) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-store-'));
  try {
    await work({ DATA_DIR: dataDir, EVENT_STORE: 'embedded', DATABASE_URL: '' });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A throw-away PostgreSQL database, or a printed skip where no server answers. */
async function withScratchPostgres(work: (env: Record<string, string>) => Promise<void>): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    console.log(`kafka ingestion, postgres: skipped (${adminUrl} unreachable: ${(error as Error).message})`);
    return;
  }
  const name = `ledger_bench_kafka_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-store-'));
  try {
    await work({ DATA_DIR: dataDir, EVENT_STORE: 'postgres', DATABASE_URL: url.toString() });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

if (require.main === module) {
  kafkaIngestionBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
