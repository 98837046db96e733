import { Partitioners, type Admin, type Consumer, type EachBatchPayload, type Kafka, type Message, type Producer } from 'kafkajs';
import { deadLetterTopicFor, type KafkaConfig } from '@ledger/platform/config';
import { deadLetterMessage } from './dead-letter';
import { readGroupLag, type PartitionLag } from './group-lag';
import { ingestChunk, type ChunkDependencies } from './ingest-chunk';
import { IngestionStats, type IngestionCounts, type PartitionProgress } from './ingestion-stats';
import { SILENT_LOGGER, type IngestorLogger } from './ingestor-logger';
import { isFatalConsumerFailure } from './consumer-failures';
import { createKafkaClient } from './kafka-client';
import { isDeadLetter, type MessageVerdict } from './message-verdict';
import type { SourceMessage } from './source-message';

/** Pauses of a chunk waiting for the event store: short at first, then every few seconds. */
const STORE_RETRY_FIRST_MILLIS = 250;
const STORE_RETRY_MAX_MILLIS = 3000;

export type IngestorState = 'idle' | 'starting' | 'running' | 'restarting' | 'stopping' | 'stopped' | 'failed';

/** The event store stopped answering while a chunk was being appended; nothing of it is committed meanwhile. */
export interface StoreOutage {
  since: string;
  error: string;
}

export interface IngestorStatus {
  state: IngestorState;
  /** Set while the consumer waits for the event store to come back (it keeps its partitions and retries the chunk). */
  storeOutage?: StoreOutage;
  groupId: string;
  topics: string[];
  memberId?: string;
  /** Partitions this instance owns since the last rebalance. */
  assignment: Record<string, number[]>;
  counts: IngestionCounts;
  partitions: PartitionProgress[];
}

/** A chunk whose events are durable in the store and whose offsets are not committed yet. */
export interface AppendedChunk {
  topic: string;
  partition: number;
  firstOffset: string;
  lastOffset: string;
  verdicts: readonly MessageVerdict[];
}

export interface KafkaIngestorOptions extends ChunkDependencies {
  kafka: KafkaConfig;
  logger?: IngestorLogger;
  /** Called once the consumer gave up for good (wrong credentials or rights, a bug); the process should exit. */
  onFatal?: (error: Error) => void;
  /** Runs between the durable append and the offset commit; the crash tests kill the process here. */
  afterAppend?: (chunk: AppendedChunk) => void | Promise<void>;
  /** An existing client (tests, benchmarks); otherwise one is built from `kafka`. */
  client?: Kafka;
}

/**
 * Consumes CloudEvents from Kafka into the event store, chunk by chunk: parse → validate →
 * one atomic append → dead letters for what was refused → commit the chunk's offsets. Offsets
 * are committed only after the append and the dead letters are durable, so a crash or a
 * rebalance redelivers at most the uncommitted chunk, and the store's idempotency on
 * (source, id) turns the redelivered events into `duplicate`s: each event is stored once.
 */
export class KafkaIngestor {
  private readonly client: Kafka;
  private readonly logger: IngestorLogger;
  private readonly stats = new IngestionStats();
  private consumer?: Consumer;
  private producer?: Producer;
  private admin?: Admin;
  private state: IngestorState = 'idle';
  private memberId?: string;
  private assignment: Record<string, number[]> = {};
  private starting?: Promise<void>;
  private storeOutage?: StoreOutage;
  private restartTimer?: NodeJS.Timeout;
  private restarting?: Promise<void>;
  private restarts = 0;

  constructor(private readonly options: KafkaIngestorOptions) {
    this.logger = options.logger ?? SILENT_LOGGER;
    this.client = options.client ?? createKafkaClient(options.kafka, this.logger);
  }

  /** Connects, makes sure the dead-letter topics exist, joins the group and starts consuming. */
  async start(): Promise<void> {
    this.state = 'starting';
    this.starting = this.connectAndRun();
    try {
      await this.starting;
    } catch (error) {
      await this.stop().catch(() => undefined);
      this.state = 'failed';
      throw error;
    }
    if (this.state !== 'starting' && this.state !== 'running') return; // stopped while starting
    this.state = 'running';
    this.logger.info(
      { groupId: this.options.kafka.groupId, topics: this.options.kafka.topics, brokers: this.options.kafka.brokers },
      'Kafka ingestor started',
    );
  }

  private async connectAndRun(): Promise<void> {
    this.admin = this.client.admin();
    await this.admin.connect();
    // Idempotent: a retried send after a lost acknowledgement does not write a second dead letter.
    this.producer = this.client.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
    await this.requireSourceTopics();
    await this.ensureDeadLetterTopics();
    await this.runConsumer();
  }

  private async runConsumer(): Promise<void> {
    const { kafka } = this.options;
    const consumer = this.client.consumer({
      groupId: kafka.groupId,
      // A killed instance's partitions move after this long without a heartbeat from it.
      sessionTimeout: kafka.sessionTimeoutMillis,
      heartbeatInterval: kafka.heartbeatIntervalMillis,
      // The Java client's fetch.max.wait.ms: a stop waits for the fetch in flight, so keep it short.
      maxWaitTimeInMs: 500,
      // kafkajs retries a failed fetch, join or commit with a growing pause (at most maxRetryTime
      // apart, so a broker back from a restart is noticed within seconds), then restarts the consumer.
      retry: { initialRetryTime: 300, maxRetryTime: kafka.maxRetryTimeMillis, retries: 10, restartOnFailure: async () => !this.stopping() },
    });
    this.consumer = consumer;
    this.observe(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: kafka.topics, fromBeginning: kafka.fromBeginning });
    await consumer.run({
      // Offsets move only when this code resolves them, after the chunk is durable.
      eachBatchAutoResolve: false,
      // Each partition stays in order; several are in flight, so validation and commits overlap appends.
      partitionsConsumedConcurrently: kafka.partitionsConcurrently,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  private stopping(): boolean {
    return this.state === 'stopping' || this.state === 'stopped';
  }

  /**
   * kafkajs gave up on an error it does not restart by itself, but that time can cure (a broker
   * away longer than the retries, a coordinator still moving): a fresh consumer rejoins the group
   * from the committed offsets after a growing pause, for as long as it takes.
   */
  private restartConsumerLater(): void {
    if (this.stopping()) return;
    this.state = 'restarting';
    this.restarts += 1;
    const delay = Math.min(this.options.kafka.maxRetryTimeMillis, 500 * 2 ** Math.min(10, this.restarts - 1));
    const failed = this.consumer;
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restarting = (async () => {
        await failed?.disconnect().catch(() => undefined);
        if (this.stopping()) return;
        try {
          await this.runConsumer();
        } catch (error) {
          this.logger.error({ err: error, groupId: this.options.kafka.groupId }, 'consumer restart failed; trying again');
          this.restartConsumerLater();
        }
      })();
    }, delay);
  }

  /**
   * Leaves the group after the batch in progress is finished and committed (kafkajs waits for
   * it), so a graceful stop redelivers nothing; then closes the producer and the admin client.
   */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'idle') return;
    // A stop during start-up waits for the connections to exist, then closes them.
    await this.starting?.catch(() => undefined);
    this.state = 'stopping';
    clearTimeout(this.restartTimer);
    await this.restarting;
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    await this.admin?.disconnect();
    this.state = 'stopped';
    this.logger.info({ groupId: this.options.kafka.groupId, counts: this.stats.counts }, 'Kafka ingestor stopped');
  }

  status(): IngestorStatus {
    return {
      state: this.state,
      ...(this.storeOutage ? { storeOutage: { ...this.storeOutage } } : {}),
      groupId: this.options.kafka.groupId,
      topics: this.options.kafka.topics,
      memberId: this.memberId,
      assignment: this.assignment,
      counts: { ...this.stats.counts },
      partitions: this.stats.progress(),
    };
  }

  /** The group's lag on every partition of the subscribed topics, read from the broker. */
  async groupLag(): Promise<PartitionLag[]> {
    if (!this.admin) return [];
    return readGroupLag(this.admin, this.options.kafka.groupId, this.options.kafka.topics);
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isStale } = payload;
    const { topic, partition } = batch;
    const size = this.options.kafka.maxBatchEvents;
    // A stop request does not interrupt the batch: it is drained and committed first.
    for (let start = 0; start < batch.messages.length; start += size) {
      // A revoked or re-seeked partition belongs to someone else now; they re-read from the last commit.
      if (isStale()) return;
      const chunk: SourceMessage[] = batch.messages.slice(start, start + size).map((message) => ({ topic, partition, ...message }));
      const verdicts = await this.ingestWhenStoreAnswers(chunk, payload);
      if (!verdicts) return;
      const appended: AppendedChunk = {
        topic,
        partition,
        firstOffset: chunk[0].offset,
        lastOffset: chunk[chunk.length - 1].offset,
        verdicts,
      };
      await this.options.afterAppend?.(appended);
      await this.sendDeadLetters(chunk, verdicts);

      const next = (BigInt(appended.lastOffset) + 1n).toString();
      resolveOffset(appended.lastOffset);
      await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: next }] }] });
      const progress = this.stats.record(topic, partition, verdicts, next, batch.highWatermark);
      this.logChunk(appended, progress);
      await heartbeat();
    }
  }

  /**
   * Appends a chunk, waiting for the event store as long as it does not answer (a database
   * restart, a dropped connection). Nothing is resolved or committed meanwhile, and the consumer
   * keeps heartbeating so it keeps its partitions. Undefined when the chunk is no longer this
   * instance's to finish: its partition moved (the new owner re-reads it) or the ingestor stops
   * (the next start re-reads it); either way the store's idempotency absorbs what was appended.
   */
  private async ingestWhenStoreAnswers(
    chunk: SourceMessage[],
    { heartbeat, isStale, isRunning }: EachBatchPayload,
  ): Promise<MessageVerdict[] | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const verdicts = await ingestChunk(chunk, this.options);
        if (this.storeOutage) {
          this.logger.info({ since: this.storeOutage.since }, 'the event store answers again; ingestion resumes');
          this.storeOutage = undefined;
        }
        return verdicts;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (!this.storeOutage)
          this.logger.warn(
            { err: error, topic: chunk[0].topic, partition: chunk[0].partition, firstOffset: chunk[0].offset },
            'the event store does not answer; the chunk waits (nothing committed)',
          );
        this.storeOutage = { since: this.storeOutage?.since ?? new Date().toISOString(), error: reason };
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(STORE_RETRY_MAX_MILLIS, STORE_RETRY_FIRST_MILLIS * 2 ** Math.min(10, attempt - 1))),
        );
        if (!isRunning() || isStale()) return undefined;
        // Throws when the group rebalances: kafkajs rejoins, the partition's owner re-reads the chunk.
        await heartbeat();
      }
    }
  }

  private async sendDeadLetters(chunk: readonly SourceMessage[], verdicts: readonly MessageVerdict[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    verdicts.forEach((verdict, index) => {
      if (!isDeadLetter(verdict)) return;
      const source = chunk[index];
      const topic = deadLetterTopicFor(this.options.kafka, source.topic);
      const messages = byTopic.get(topic) ?? [];
      messages.push(deadLetterMessage(source, verdict.status, verdict.errors, this.options.kafka.groupId));
      byTopic.set(topic, messages);
      this.logger.warn(
        {
          topic: source.topic,
          partition: source.partition,
          offset: source.offset,
          status: verdict.status,
          id: verdict.id,
          source: verdict.source,
          errors: verdict.errors,
          deadLetterTopic: topic,
        },
        `message dead-lettered (${verdict.status})`,
      );
    });
    if (byTopic.size === 0) return;
    // acks=-1: the dead letters are replicated before the offsets that drop the originals are committed.
    await this.producer?.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  }

  private logChunk(chunk: AppendedChunk, progress: PartitionProgress): void {
    const tally: Record<string, number> = {};
    for (const verdict of chunk.verdicts) tally[verdict.status] = (tally[verdict.status] ?? 0) + 1;
    this.logger.info(
      {
        topic: chunk.topic,
        partition: chunk.partition,
        firstOffset: chunk.firstOffset,
        lastOffset: chunk.lastOffset,
        messages: chunk.verdicts.length,
        ...tally,
        committedOffset: progress.committedOffset,
        lag: progress.lag,
      },
      'chunk committed',
    );
  }

  /** Upstream owns the source topics; a missing one is a configuration error, reported as such. */
  private async requireSourceTopics(): Promise<void> {
    const existing = new Set(await (this.admin as Admin).listTopics());
    const missing = this.options.kafka.topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      throw new Error(
        `KAFKA_TOPICS: ${missing.map((topic) => `"${topic}"`).join(', ')} not found on ${this.options.kafka.brokers.join(', ')}; create the topic or fix the name`,
      );
    }
  }

  /** Creates missing dead-letter topics with the broker's defaults; where the ingestor may not create topics it relies on auto-creation. */
  private async ensureDeadLetterTopics(): Promise<void> {
    const topics = [...new Set(this.options.kafka.topics.map((topic) => deadLetterTopicFor(this.options.kafka, topic)))];
    try {
      const existing = new Set(await (this.admin as Admin).listTopics());
      const missing = topics.filter((topic) => !existing.has(topic));
      if (missing.length > 0)
        await (this.admin as Admin).createTopics({ topics: missing.map((topic) => ({ topic })), waitForLeaders: true });
    } catch (error) {
      this.logger.warn({ topics, err: error }, 'could not create the dead-letter topics; relying on the broker to auto-create them');
    }
  }

  private observe(consumer: Consumer): void {
    const { GROUP_JOIN, CRASH } = consumer.events;
    consumer.on(GROUP_JOIN, ({ payload }) => {
      this.memberId = payload.memberId;
      this.assignment = payload.memberAssignment;
      this.restarts = 0;
      if (this.state === 'restarting' || this.state === 'starting') this.state = 'running';
      this.logger.info(
        { groupId: payload.groupId, memberId: payload.memberId, assignment: payload.memberAssignment },
        'joined the consumer group',
      );
    });
    consumer.on(CRASH, ({ payload }) => {
      this.assignment = {};
      if (this.stopping()) return;
      if (payload.restart) {
        this.state = 'restarting';
        this.logger.error(
          { err: payload.error, groupId: payload.groupId },
          'consumer failed; kafkajs restarts it from the last committed offsets',
        );
        return;
      }
      if (!isFatalConsumerFailure(payload.error)) {
        this.logger.error({ err: payload.error, groupId: payload.groupId }, 'consumer failed; it restarts from the last committed offsets');
        this.restartConsumerLater();
        return;
      }
      this.state = 'failed';
      this.logger.error({ err: payload.error, groupId: payload.groupId }, 'consumer failed for good');
      this.options.onFatal?.(payload.error);
    });
  }
}
