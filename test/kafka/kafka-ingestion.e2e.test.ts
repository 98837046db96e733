import { DEAD_LETTER_HEADERS } from '@ledger/ingestion/kafka';
import { cloudEvent } from '../support/events';
import { describeWithKafka } from '../support/kafka';
import { KafkaTestKit, waitFor } from './support/kafka-test-kit';
import { allEvents, startTestIngestor, type TestIngestor } from './support/test-ingestor';

const enrolled = (partnerId: string) =>
  cloudEvent('partner.enrolled', { partnerId, name: `Partner ${partnerId}`, partnerType: 'affiliate' }, { source: 'crm' });

describeWithKafka('Kafka ingestion', () => {
  let kit: KafkaTestKit;
  let ingestor: TestIngestor | undefined;
  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
  });
  afterEach(async () => {
    await ingestor?.close();
    ingestor = undefined;
  });
  afterAll(async () => kit?.close());

  const start = (topic: string, groupId = KafkaTestKit.uniqueName('group')) =>
    startTestIngestor({ KAFKA_BROKERS: kit.brokers, KAFKA_TOPICS: topic, KAFKA_GROUP_ID: groupId });

  it('stores valid events of every partition once and dead-letters the invalid ones with their errors and origin', async () => {
    const topic = await kit.createTopic(3);
    const [e1, e2, e3, e4] = ['P-1', 'P-2', 'P-3', 'P-4'].map(enrolled);
    const changedE1 = { ...e1, data: { ...e1.data, partnerType: 'reseller' } };
    const floatAmount = cloudEvent('deal.closed_won', {
      conversionId: 'C-1',
      customerId: 'CU-1',
      accountDomain: 'acme.com',
      amount: { amount: 12.5, currency: 'USD' },
    });
    await kit.produce(topic, [
      { partition: 0, value: e1 },
      { partition: 0, value: '{"specversion": "1.0", "id": ', key: 'broken-json' },
      { partition: 0, value: e2 },
      { partition: 0, value: changedE1, key: 'P-1' },
      { partition: 1, value: e3 },
      { partition: 1, value: floatAmount, key: 'C-1', headers: { traceparent: '00-abc-def-01' } },
      { partition: 1, value: e1 },
      { partition: 2, value: e4 },
    ]);

    ingestor = await start(topic);
    await waitFor(() => ingestor!.ingestor.status().counts.consumed === 8, 'all 8 messages to be decided');

    const stored = await allEvents(ingestor.store);
    expect(stored.map((recorded) => recorded.event.id).sort()).toEqual([e1.id, e2.id, e3.id, e4.id].sort());
    expect(stored.find((recorded) => recorded.event.id === e1.id)?.event.data).toEqual(e1.data); // the first one stands
    expect(ingestor.ingestor.status().counts).toMatchObject({
      consumed: 8,
      accepted: 4,
      duplicate: 1,
      deadLettered: 3,
      unparseable: 1,
      rejected: 1,
      conflict: 1,
    });

    const deadLetters = await kit.read(`${topic}.dlq`, 3);
    const byStatus = Object.fromEntries(deadLetters.map((letter) => [letter.headers[DEAD_LETTER_HEADERS.status], letter]));
    expect(Object.keys(byStatus).sort()).toEqual(['conflict', 'rejected', 'unparseable']);

    const rejected = byStatus.rejected;
    expect(rejected.value?.toString()).toBe(JSON.stringify(floatAmount)); // the original bytes
    expect(rejected.key).toBe('C-1');
    expect(rejected.headers.traceparent).toBe('00-abc-def-01');
    expect(rejected.headers).toMatchObject({
      [DEAD_LETTER_HEADERS.topic]: topic,
      [DEAD_LETTER_HEADERS.partition]: '1',
      [DEAD_LETTER_HEADERS.offset]: '1',
    });
    expect(JSON.parse(rejected.headers[DEAD_LETTER_HEADERS.errors])).toEqual([
      { path: 'data.amount.amount', message: expect.stringMatching(/not a JSON number/) },
    ]);

    expect(byStatus.unparseable.value?.toString()).toBe('{"specversion": "1.0", "id": ');
    expect(byStatus.unparseable.headers).toMatchObject({ [DEAD_LETTER_HEADERS.partition]: '0', [DEAD_LETTER_HEADERS.offset]: '1' });
    expect(JSON.parse(byStatus.unparseable.headers[DEAD_LETTER_HEADERS.errors])).toEqual([
      { path: '', message: expect.stringMatching(/not valid JSON/) },
    ]);

    expect(byStatus.conflict.headers).toMatchObject({ [DEAD_LETTER_HEADERS.partition]: '0', [DEAD_LETTER_HEADERS.offset]: '3' });
    expect(JSON.parse(byStatus.conflict.headers[DEAD_LETTER_HEADERS.errors])).toEqual([
      { path: 'id', message: expect.stringMatching(/different content .* the first one stands/) },
    ]);

    // Every partition is committed to its end, and /health says so.
    expect(await kit.committed(ingestor.config.kafka.groupId, topic)).toEqual(await kit.ends(topic));
    const health = (await (await fetch(`${ingestor.url}/health`)).json()) as { partitions: unknown[] };
    expect(health).toMatchObject({
      status: 'ok',
      consumer: { state: 'running', topics: [topic] },
      counts: { consumed: 8, accepted: 4, duplicate: 1, deadLettered: 3 },
    });
    expect(health.partitions).toEqual(
      [0, 1, 2].map((partition) => expect.objectContaining({ topic, partition, lag: 0, assignedHere: true })),
    );
  });

  it('sends a poison message to the dead-letter topic and keeps ingesting the messages after it', async () => {
    const topic = await kit.createTopic(1);
    const before = enrolled('P-10');
    // PostgreSQL cannot keep a NUL character: the contract refuses it before any append is tried.
    const poison = enrolled('P-11');
    poison.id = 'evt-with-\u0000-inside';
    const after = ['P-12', 'P-13', 'P-14'].map(enrolled);
    await kit.produce(
      topic,
      [before, poison, 'not json at all', ...after].map((value) => ({ partition: 0, value })),
    );

    ingestor = await start(topic);
    await waitFor(() => ingestor!.ingestor.status().counts.consumed === 6, 'all 6 messages to be decided');

    const stored = await allEvents(ingestor.store);
    expect(stored.map((recorded) => recorded.event.id)).toEqual([before, ...after].map((event) => event.id));
    const deadLetters = await kit.read(`${topic}.dlq`, 2);
    const letter = deadLetters.find((candidate) => candidate.headers[DEAD_LETTER_HEADERS.status] === 'rejected');
    expect(letter?.value?.toString()).toBe(JSON.stringify(poison));
    expect(letter?.headers).toMatchObject({
      [DEAD_LETTER_HEADERS.topic]: topic,
      [DEAD_LETTER_HEADERS.partition]: '0',
      [DEAD_LETTER_HEADERS.offset]: '1',
    });
    expect(JSON.parse(letter?.headers[DEAD_LETTER_HEADERS.errors] ?? '[]')).toEqual([
      { path: 'id', message: 'must not contain the NUL character (U+0000)' },
    ]);
    expect(await kit.committed(ingestor.config.kafka.groupId, topic)).toEqual({ 0: 6 });
  });
});
