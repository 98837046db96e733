import { randomBytes } from 'node:crypto';
import { compareStores, copyEvents, EventStoreDbEventStore, SqlEventStore, type EventStore } from '@ledger/platform/event-store';
import { type PgliteDatabase } from '@ledger/platform/sql';
import { describeWithEventStoreDb, eventStoreDbTestUrl } from '../support/eventstoredb';
import { click, cloudEvent } from '../support/events';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';

/** A small history across several streams, appended in a few batches so recorded times differ. */
async function fillWith(store: EventStore, batches = 3): Promise<void> {
  for (let b = 0; b < batches; b++) {
    await store.append([
      {
        streamId: `partner-P-${b}`,
        event: cloudEvent('partner.enrolled', { partnerId: `P-${b}`, name: `Partner ${b}`, partnerType: 'affiliate' }),
      },
      { streamId: 'visitor-v-1', event: click(`P-${b}`, 'v-1') },
      { streamId: `partner-P-${b}`, event: cloudEvent('partner.certified', { partnerId: `P-${b}`, certification: 'basic' }) },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const view = (events: Awaited<ReturnType<EventStore['readAll']>>) => events.map(({ position: _position, ...rest }) => rest);

describe('copying events between stores (embedded to embedded)', () => {
  // Starting PGlite takes seconds: two instances serve the suite, each test in fresh schemas.
  const instances: PgliteDatabase[] = [];
  let schemas = 0;
  let opened = 0;
  beforeAll(async () => {
    instances.push(await openMemoryDatabase(), await openMemoryDatabase());
  });
  afterAll(async () => {
    for (const db of instances) await db.close();
  });
  beforeEach(() => {
    schemas += 1;
    opened = 0;
  });
  /** First call: a store on instance 1, second call: on instance 2, both in this test's own schema. */
  const openStore = async () => {
    const db = instances[opened++];
    await db.exec(`CREATE SCHEMA copy_${schemas}; SET search_path TO copy_${schemas}`);
    return SqlEventStore.open(db);
  };

  it('keeps order, streams, revisions, (source, id) and recorded times, and copies nothing twice', async () => {
    const source = await openStore();
    const target = await openStore();
    await fillWith(source);

    const first = await copyEvents(source, target, { batchSize: 4 });
    expect(first).toMatchObject({ alreadyInTarget: 0, copied: 9, matches: true });
    expect(first.comparison.source).toEqual(first.comparison.target);
    expect(view(await target.readAll(0, 100))).toEqual(view(await source.readAll(0, 100)));

    const again = await copyEvents(source, target, { batchSize: 4 });
    expect(again).toMatchObject({ alreadyInTarget: 9, copied: 0, matches: true });

    // New events in the source: only they are copied.
    await source.append([{ streamId: 'visitor-v-1', event: click('P-9', 'v-1') }]);
    expect(await copyEvents(source, target)).toMatchObject({ alreadyInTarget: 9, copied: 1, matches: true });
  });

  it('resumes an interrupted copy where it stopped', async () => {
    const source = await openStore();
    const target = await openStore();
    await fillWith(source);
    const [firstFour] = [await source.readAll(0, 4)];
    await target.append(
      firstFour.map((recorded) => ({ streamId: recorded.streamId, event: recorded.event, recordedAt: recorded.recordedAt })),
    );

    expect(await copyEvents(source, target)).toMatchObject({ alreadyInTarget: 4, copied: 5, matches: true });
  });

  it('refuses a target that holds other events, writes nothing, and reports where the stores part', async () => {
    const source = await openStore();
    const target = await openStore();
    await fillWith(source, 1);
    const foreign = click('P-X', 'v-x');
    await target.append([{ streamId: 'elsewhere', event: foreign }]);

    const report = await copyEvents(source, target);
    expect(report.matches).toBe(false);
    expect(report.copied).toBe(0);
    expect(report.refused).toMatch(/first difference at event #1: source test\/.* in partner-P-0@0, target test\/.* in elsewhere@0/);
    expect(report.comparison.firstDifference?.event).toBe(1);
    expect(report.comparison.source.events).toBe(3);
    expect(report.comparison.target.events).toBe(1);
    expect((await target.readAll(0, 10)).map((r) => r.event)).toEqual([foreign]);
  });

  it('tells stores with the same number of events but different content apart', async () => {
    const a = await openStore();
    const b = await openStore();
    const event = click('P-1', 'v-1');
    await a.append([{ streamId: 's', event }]);
    await b.append([{ streamId: 's', event: { ...event, data: { partnerId: 'P-2', visitorId: 'v-1' } } }]);
    const comparison = await compareStores(a, b, 10);
    expect(comparison.source.events).toBe(comparison.target.events);
    expect(comparison.source.sha256).not.toBe(comparison.target.sha256);
    expect(comparison.firstDifference?.event).toBe(1);
  });
});

describeWithEventStoreDb('copying events through EventStoreDB (real server)', () => {
  it('round-trips embedded → eventstoredb → embedded with the same hash', async () => {
    const databases = [await openMemoryDatabase(), await openMemoryDatabase()];
    const source = await SqlEventStore.open(databases[0]);
    const back = await SqlEventStore.open(databases[1]);
    const server = await EventStoreDbEventStore.connect(eventStoreDbTestUrl(), { namespace: `copy${randomBytes(5).toString('hex')}` });
    try {
      await fillWith(source);
      const there = await copyEvents(source, server, { batchSize: 4 });
      expect(there).toMatchObject({ copied: 9, matches: true });
      expect(await copyEvents(source, server)).toMatchObject({ alreadyInTarget: 9, copied: 0, matches: true });
      const home = await copyEvents(server, back);
      expect(home).toMatchObject({ copied: 9, matches: true });
      expect(home.comparison.target.sha256).toBe(there.comparison.source.sha256);
    } finally {
      await server.close();
      for (const db of databases) await db.close();
    }
  });
});
