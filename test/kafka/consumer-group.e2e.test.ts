import { loadIngestorConfig } from '@ledger/platform/config';
import { openStorage, type StorageHandles } from '@ledger/platform/event-store';
import { IngestEventsCommand, IngestEventsHandler } from '@ledger/ingestion/application';
import { KafkaIngestor } from '@ledger/ingestion/kafka';
import { cloudEvent } from '../support/events';
import { describeWithKafka } from '../support/kafka';
import { KafkaTestKit, waitFor } from './support/kafka-test-kit';
import { allEvents, scratchStore, type ScratchStore } from './support/test-ingestor';

const PARTITIONS = [0, 1, 2, 3];

/**
 * Two ingestor instances in one consumer group over one event store, as in production: they
 * split the partitions, hand them over when one joins or leaves, and every event is stored once.
 */
describeWithKafka('Kafka ingestion with two instances in one consumer group', () => {
  let kit: KafkaTestKit;
  let scratch: ScratchStore;
  let storage: StorageHandles;
  const running: KafkaIngestor[] = [];
  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
    scratch = await scratchStore();
    storage = await openStorage(loadIngestorConfig({ ...scratch.env, KAFKA_BROKERS: kit.brokers, KAFKA_TOPICS: 'unused' }));
  });
  afterAll(async () => {
    for (const ingestor of running) await ingestor.stop();
    await storage?.close();
    await scratch?.drop();
    await kit?.close();
  });

  it('shares the partitions, rebalances on join and leave, and stores every event exactly once', async () => {
    const topic = await kit.createTopic(PARTITIONS.length);
    const config = loadIngestorConfig({
      ...scratch.env,
      KAFKA_BROKERS: kit.brokers,
      KAFKA_TOPICS: topic,
      KAFKA_GROUP_ID: KafkaTestKit.uniqueName('group'),
      KAFKA_SESSION_TIMEOUT_MS: '6000',
    });
    const handler = new IngestEventsHandler(storage.eventStore);
    const startInstance = async () => {
      const ingestor = new KafkaIngestor({
        kafka: config.kafka,
        ingest: (events) => handler.execute(new IngestEventsCommand(events, false)),
        storeAnswers: async () => true,
      });
      running.push(ingestor);
      await ingestor.start();
      return ingestor;
    };
    const produced: string[] = [];
    const produceRound = async (round: number) => {
      const events = Array.from({ length: 24 }, (_, i) =>
        cloudEvent('click.recorded', { partnerId: `P-${i % 3}`, visitorId: `v-${round}-${i}` }, { source: 'tracker' }),
      );
      produced.push(...events.map((event) => event.id));
      await kit.produce(
        topic,
        events.map((value, i) => ({ value, partition: i % PARTITIONS.length })),
      );
      await waitFor(async () => (await storage.eventStore.headPosition()) === produced.length, `${produced.length} stored events`);
    };
    const owned = (ingestor: KafkaIngestor) => ingestor.status().assignment[topic] ?? [];

    const a = await startInstance();
    await waitFor(() => owned(a).length === PARTITIONS.length, 'the first instance to own every partition');
    await produceRound(1);

    const b = await startInstance();
    await waitFor(
      () => owned(a).length > 0 && owned(b).length > 0 && [...owned(a), ...owned(b)].length === PARTITIONS.length,
      'the partitions to be split',
    );
    expect([...owned(a), ...owned(b)].sort()).toEqual(PARTITIONS);
    const consumedByB = b.status().counts.consumed;
    await produceRound(2);
    await waitFor(() => b.status().counts.consumed > consumedByB, 'the second instance to ingest its share');
    expect(a.status().counts.consumed).toBeGreaterThan(24);

    await a.stop();
    await waitFor(() => owned(b).length === PARTITIONS.length, 'the remaining instance to take over every partition');
    await produceRound(3);

    const stored = (await allEvents(storage.eventStore)).map((recorded) => recorded.event.id);
    expect(stored).toHaveLength(72);
    expect(new Set(stored)).toEqual(new Set(produced));
    const total = (key: 'accepted' | 'duplicate' | 'deadLettered') => a.status().counts[key] + b.status().counts[key];
    expect(total('accepted')).toBe(72);
    expect(total('deadLettered')).toBe(0);
    await waitFor(
      async () => JSON.stringify(await kit.committed(config.kafka.groupId, topic)) === JSON.stringify(await kit.ends(topic)),
      'the group to commit every partition to its end',
    );
  });
});
