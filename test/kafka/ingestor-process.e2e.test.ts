import { cloudEvent } from '../support/events';
import { describeWithKafka } from '../support/kafka';
import { KafkaTestKit, waitFor } from './support/kafka-test-kit';
import { spawnIngestor, waitUntilServing } from './support/ingestor-process';
import { allEvents, openScratchStore, scratchStore, type ScratchStore } from './support/test-ingestor';

const MAIN = 'apps/ingestor/src/main.ts';
const CRASHING = 'test/kafka/support/crashing-ingestor.ts';

/** The ingestor as separate processes: killed at the worst moment, restarted, stopped with SIGTERM. */
describeWithKafka('Kafka ingestor process', () => {
  let kit: KafkaTestKit;
  let scratch: ScratchStore | undefined;
  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
  });
  afterEach(async () => {
    await scratch?.drop();
    scratch = undefined;
  });
  afterAll(async () => kit?.close());

  const clicks = (count: number) =>
    Array.from({ length: count }, (_, i) =>
      cloudEvent('click.recorded', { partnerId: `P-${i % 4}`, visitorId: `v-${i}` }, { source: 'tracker' }),
    );
  const sum = (offsets: Record<number, number>) => Object.values(offsets).reduce((total, offset) => total + Math.max(0, offset), 0);
  const storedIds = async () => {
    const storage = await openScratchStore(scratch as ScratchStore);
    try {
      return (await allEvents(storage.eventStore)).map((recorded) => recorded.event.id);
    } finally {
      await storage.close();
    }
  };

  it('stores every event exactly once after a crash between the append and the offset commit', async () => {
    scratch = await scratchStore();
    const topic = await kit.createTopic(3);
    const groupId = KafkaTestKit.uniqueName('group');
    const events = clicks(30);
    await kit.produce(
      topic,
      events.map((value, i) => ({ value, partition: i % 3 })),
    );
    const env = { ...scratch.env, KAFKA_BROKERS: kit.brokers, KAFKA_TOPICS: topic, KAFKA_GROUP_ID: groupId, KAFKA_MAX_BATCH_EVENTS: '4' };

    const crashing = await spawnIngestor(CRASHING, { ...env, CRASH_AFTER_APPENDS: '3' });
    expect(await crashing.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(crashing.output()).toContain('crashing after appending');
    const storedBeforeRestart = (await storedIds()).length;
    const committedBeforeRestart = sum(await kit.committed(groupId, topic));
    // The last chunk reached the store, but Kafka was never told.
    expect(storedBeforeRestart).toBeGreaterThan(committedBeforeRestart);

    const restarted = await spawnIngestor(MAIN, env);
    await waitUntilServing(restarted);
    await waitFor(async () => (await restarted.health()).partitions.every((partition) => partition.lag === 0), 'the group to catch up');
    const { counts } = await restarted.health();
    expect(counts.consumed).toBe(30 - committedBeforeRestart);
    expect(counts.duplicate).toBe(storedBeforeRestart - committedBeforeRestart); // the redelivered chunk, absorbed
    expect(counts.accepted).toBe(30 - storedBeforeRestart);
    restarted.kill('SIGTERM');
    expect(await restarted.exited).toEqual({ code: 0, signal: null });

    const stored = await storedIds();
    expect(stored).toHaveLength(30);
    expect(new Set(stored)).toEqual(new Set(events.map((event) => event.id)));
  }, 120_000);

  it('drains the batch in flight on SIGTERM: everything it stored is committed, so nothing is redelivered', async () => {
    scratch = await scratchStore();
    const topic = await kit.createTopic(1);
    const groupId = KafkaTestKit.uniqueName('group');
    await kit.produce(
      topic,
      clicks(400).map((value) => ({ value, partition: 0 })),
    );

    const ingestor = await spawnIngestor(MAIN, {
      ...scratch.env,
      KAFKA_BROKERS: kit.brokers,
      KAFKA_TOPICS: topic,
      KAFKA_GROUP_ID: groupId,
      KAFKA_MAX_BATCH_EVENTS: '10',
    });
    await waitFor(() => ingestor.output().includes('chunk committed'), 'the first committed chunk', 60_000);
    ingestor.kill('SIGTERM');
    expect(await ingestor.exited).toEqual({ code: 0, signal: null });
    expect(ingestor.output()).toContain('Kafka ingestor stopped');

    const committed = sum(await kit.committed(groupId, topic));
    expect(committed).toBeGreaterThan(10); // it went on after the signal
    expect((await storedIds()).length).toBe(committed);
  }, 120_000);
});
