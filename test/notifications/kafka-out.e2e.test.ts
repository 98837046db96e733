import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { ProjectionHost } from '@ledger/platform/projections';
import type { SqlDatabase } from '@ledger/platform/sql';
import { NOTIFICATION_KINDS } from '@ledger/notifications/domain';
import { KafkaTestKit, type ReadMessage } from '../kafka/support/kafka-test-kit';
import { cloudEvent } from '../support/events';
import { describeWithKafka } from '../support/kafka';
import { at, ledgerScenario } from '../support/ledger-scenario';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';
import { byPartner } from './support/receiver';

interface CloudEventJson {
  specversion: string;
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  datacontenttype: string;
  data: Record<string, unknown>;
}

const parse = (message: ReadMessage) => JSON.parse(String(message.value)) as CloudEventJson;

/** Per partner, ids in the order of first arrival (a partner's records share a key, hence a partition). */
function arrivalsByPartner(messages: readonly ReadMessage[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const ordered = [...messages].sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
  for (const message of ordered) {
    const event = parse(message);
    const ids = result.get(event.subject) ?? [];
    if (!ids.includes(event.id)) ids.push(event.id);
    result.set(event.subject, ids);
  }
  return result;
}

describeWithKafka('notifications published to Kafka as CloudEvents (SPEC §10)', () => {
  let kit: KafkaTestKit;
  let topic: string;
  let dataDir: string;
  let t: TestApp | undefined;

  const start = async () => {
    t = await startTestApp({ KAFKA_BROKERS: kit.brokers, KAFKA_OUTBOUND_TOPIC: topic }, dataDir);
    return t;
  };
  const outbox = (app: TestApp) =>
    app.app
      .get<SqlDatabase>(READ_MODEL_DB)
      .query<{ notification_id: string; partner_id: string; kind: string }>(
        'SELECT notification_id, partner_id, kind FROM notification_outbox ORDER BY seq',
      );

  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
    topic = await kit.createTopic(3, 'ledger-notifications');
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-kafka-out-'));
  });
  afterAll(async () => {
    await t?.close({ keepData: true });
    await kit.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('publishes every outbox entry, keyed by partner, in order per partner, and resumes from its cursor after a restart', async () => {
    const app = await start();
    await app.http.post('/v1/events').set(bearer(KEYS.ingest)).send(ledgerScenario()).expect(200);
    await app.app.get(ProjectionHost).catchUp();
    const first = await outbox(app);
    expect(first.length).toBeGreaterThan(5);
    const messages = await kit.read(topic, first.length, 60_000);

    const events = messages.map(parse);
    expect(new Set(events.map((event) => event.id))).toEqual(new Set(first.map((row) => row.notification_id)));
    for (const [index, event] of events.entries()) {
      expect(event).toEqual({
        specversion: '1.0',
        id: expect.stringMatching(/^ntf_[0-9a-f]{32}$/),
        source: 'partner-ledger',
        type: expect.any(String),
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        subject: expect.any(String),
        partnerid: event.subject,
        datacontenttype: 'application/json',
        data: expect.any(Object),
      });
      expect(NOTIFICATION_KINDS).toContain(event.type);
      expect(messages[index].key).toBe(event.subject);
      expect(messages[index].headers['content-type']).toMatch(/^application\/cloudevents\+json/);
    }
    expect(arrivalsByPartner(messages)).toEqual(byPartner(first));

    // A clean restart goes on from the cursor: only the new notifications are published.
    await app.close({ keepData: true });
    t = undefined;
    const again = await start();
    await again.http
      .post('/v1/events')
      .set(bearer(KEYS.ingest))
      .send([cloudEvent('deal.registered', { dealId: 'D-K', partnerId: 'P-2', accountDomain: 'k.example' }, { time: at('05-01') })])
      .expect(200);
    await again.app.get(ProjectionHost).catchUp();
    const all = await outbox(again);
    expect(all.length).toBe(first.length + 1);
    const after = await kit.read(topic, all.length, 60_000);
    // Nothing published twice: the topic holds exactly one record per outbox entry.
    const ends = await kit.ends(topic);
    expect(Object.values(ends).reduce((sum, end) => sum + end, 0)).toBe(all.length);
    expect(parse(after.find((message) => parse(message).id === all[all.length - 1].notification_id) as ReadMessage)).toMatchObject({
      type: 'deal.status_changed',
      subject: 'P-2',
      data: { dealId: 'D-K', status: 'pending' },
    });
  }, 150_000);
});
