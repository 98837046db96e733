import { Partitioners, type Admin, type Consumer, type EachBatchPayload, type Kafka, type Message, type Producer } from 'kafkajs';
import { deadLetterTopicFor, type KafkaConfig } from '@ledger/config';
import { deadLetterMessage } from './dead-letter';
import { readGroupLag, type PartitionLag } from './group-lag';
import { ingestChunk, type ChunkDependencies } from './ingest-chunk';
import { IngestionStats, type IngestionCounts, type PartitionProgress } from './ingestion-stats';
import { SILENT_LOGGER, type IngestorLogger } from './ingestor-logger';
import { createKafkaClient } from './kafka-client';
import { isDeadLetter, type MessageVerdict } from './message-verdict';
import type { SourceMessage } from './source-message';

export type IngestorState = 'idle' | 'starting' | 'running' | 'restarting' | 'stopping' | 'stopped' | 'failed';

export interface IngestorStatus {
  state: IngestorState;
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
  /** Called once the consumer gave up for good (a non-retriable error); the process should exit. */
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
    this.logger.info({ groupId: this.options.kafka.groupId, topics: this.options.kafka.topics, brokers: this.options.kafka.brokers }, 'Kafka ingestor started');
  }

  private async connectAndRun(): Promise<void> {
    const { kafka } = this.options;
    this.admin = this.client.admin();
    await this.admin.connect();
    // Idempotent: a retried send after a lost acknowledgement does not write a second dead letter.
    this.producer = this.client.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
    await this.requireSourceTopics();
    await this.ensureDeadLetterTopics();

    this.consumer = this.client.consumer({
      groupId: kafka.groupId,
      sessionTimeout: kafka.sessionTimeoutMillis,
      heartbeatInterval: Math.min(3000, Math.floor(kafka.sessionTimeoutMillis / 3)),
      // The Java client's fetch.max.wait.ms: a stop waits for the fetch in flight, so keep it short.
      maxWaitTimeInMs: 500,
    });
    this.observe(this.consumer);
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: kafka.topics, fromBeginning: kafka.fromBeginning });
    await this.consumer.run({
      // Offsets move only when this code resolves them, after the chunk is durable.
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.onBatch(payload),
    });
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
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    await this.admin?.disconnect();
    this.state = 'stopped';
    this.logger.info({ groupId: this.options.kafka.groupId, counts: this.stats.counts }, 'Kafka ingestor stopped');
  }

  status(): IngestorStatus {
    return {
      state: this.state,
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

  private async onBatch({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const size = this.options.kafka.maxBatchEvents;
    // A stop request does not interrupt the batch: it is drained and committed first.
    for (let start = 0; start < batch.messages.length; start += size) {
      // A revoked or re-seeked partition belongs to someone else now; they re-read from the last commit.
      if (isStale()) return;
      const chunk: SourceMessage[] = batch.messages.slice(start, start + size).map((message) => ({ topic, partition, ...message }));
      const verdicts = await ingestChunk(chunk, this.options);
      const appended: AppendedChunk = { topic, partition, firstOffset: chunk[0].offset, lastOffset: chunk[chunk.length - 1].offset, verdicts };
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
        { topic: source.topic, partition: source.partition, offset: source.offset, status: verdict.status, id: verdict.id, source: verdict.source, errors: verdict.errors, deadLetterTopic: topic },
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
      { topic: chunk.topic, partition: chunk.partition, firstOffset: chunk.firstOffset, lastOffset: chunk.lastOffset, messages: chunk.verdicts.length, ...tally, committedOffset: progress.committedOffset, lag: progress.lag },
      'chunk committed',
    );
  }

  /** Upstream owns the source topics; a missing one is a configuration error, reported as such. */
  private async requireSourceTopics(): Promise<void> {
    const existing = new Set(await (this.admin as Admin).listTopics());
    const missing = this.options.kafka.topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      throw new Error(`KAFKA_TOPICS: ${missing.map((topic) => `"${topic}"`).join(', ')} not found on ${this.options.kafka.brokers.join(', ')}; create the topic or fix the name`);
    }
  }

  /** Creates missing dead-letter topics with the broker's defaults; where the ingestor may not create topics it relies on auto-creation. */
  private async ensureDeadLetterTopics(): Promise<void> {
    const topics = [...new Set(this.options.kafka.topics.map((topic) => deadLetterTopicFor(this.options.kafka, topic)))];
    try {
      const existing = new Set(await (this.admin as Admin).listTopics());
      const missing = topics.filter((topic) => !existing.has(topic));
      if (missing.length > 0) await (this.admin as Admin).createTopics({ topics: missing.map((topic) => ({ topic })), waitForLeaders: true });
    } catch (error) {
      this.logger.warn({ topics, err: error }, 'could not create the dead-letter topics; relying on the broker to auto-create them');
    }
  }

  private observe(consumer: Consumer): void {
    const { GROUP_JOIN, CRASH } = consumer.events;
    consumer.on(GROUP_JOIN, ({ payload }) => {
      this.memberId = payload.memberId;
      this.assignment = payload.memberAssignment;
      if (this.state === 'restarting' || this.state === 'starting') this.state = 'running';
      this.logger.info({ groupId: payload.groupId, memberId: payload.memberId, assignment: payload.memberAssignment }, 'joined the consumer group');
    });
    consumer.on(CRASH, ({ payload }) => {
      this.assignment = {};
      if (payload.restart) {
        this.state = 'restarting';
        this.logger.error({ err: payload.error, groupId: payload.groupId }, 'consumer failed; kafkajs restarts it from the last committed offsets');
        return;
      }
      this.state = 'failed';
      this.logger.error({ err: payload.error, groupId: payload.groupId }, 'consumer failed for good');
      this.options.onFatal?.(payload.error);
    });
  }
}
