import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Admin, type IHeaders, type Producer } from 'kafkajs';
import { testKafkaBrokers } from '../../support/kafka';

/** A consumed record with its headers decoded to strings. */
export interface ReadMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Producer, admin and readers against the test broker; every name it hands out is unique. */
export class KafkaTestKit {
  private constructor(
    readonly brokers: string,
    readonly kafka: Kafka,
    readonly admin: Admin,
    readonly producer: Producer,
  ) {}

  static async connect(): Promise<KafkaTestKit> {
    const brokers = await testKafkaBrokers();
    const kafka = new Kafka({ brokers: brokers.split(','), clientId: 'ledger-tests', logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await Promise.all([admin.connect(), producer.connect()]);
    return new KafkaTestKit(brokers, kafka, admin, producer);
  }

  static uniqueName(prefix: string): string {
    return `${prefix}-${randomBytes(5).toString('hex')}`;
  }

  async createTopic(partitions: number, prefix = 'ledger-test'): Promise<string> {
    const topic = KafkaTestKit.uniqueName(prefix);
    await this.admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
    return topic;
  }

  /** Sends each value (an object is sent as JSON, a string or Buffer as is) to an explicit partition. */
  async produce(topic: string, records: Array<{ value: unknown; partition: number; key?: string; headers?: IHeaders }>): Promise<void> {
    await this.producer.send({
      topic,
      acks: -1,
      messages: records.map(({ value, partition, key, headers }) => ({
        partition,
        key: key ?? null,
        headers,
        value: typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value),
      })),
    });
  }

  /** Reads `topic` from the beginning with a throw-away group until `count` messages arrived. */
  async read(topic: string, count: number, timeoutMillis = 20_000): Promise<ReadMessage[]> {
    const consumer = this.kafka.consumer({ groupId: KafkaTestKit.uniqueName('reader'), maxWaitTimeInMs: 100 });
    const messages: ReadMessage[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
          messages.push({ partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value, headers });
        },
      });
      await waitFor(() => messages.length >= count, `${count} messages on ${topic} (got ${messages.length})`, timeoutMillis);
    } finally {
      await consumer.disconnect();
    }
    return messages;
  }

  /** Committed offset of `groupId` per partition (-1 = none). */
  async committed(groupId: string, topic: string): Promise<Record<number, number>> {
    const [entry] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    return Object.fromEntries(entry.partitions.map(({ partition, offset }) => [partition, Number(offset)]));
  }

  /** End offset (next offset to be written) per partition. */
  async ends(topic: string): Promise<Record<number, number>> {
    return Object.fromEntries((await this.admin.fetchTopicOffsets(topic)).map(({ partition, high }) => [partition, Number(high)]));
  }

  async close(): Promise<void> {
    await Promise.all([this.producer.disconnect(), this.admin.disconnect()]);
  }
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMillis = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMillis} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
