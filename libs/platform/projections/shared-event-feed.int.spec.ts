import type { RecordedEvent } from '@ledger/contracts';
import { SqlEventStore, type EventStore } from '@ledger/platform/event-store';
import { type PgliteDatabase } from '@ledger/platform/sql';
import { SharedEventFeed } from './shared-event-feed';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';

const event = (n: number) => ({
  streamId: `s-${n % 3}`,
  event: { specversion: '1.0' as const, id: `e-${n}`, source: 'test', type: 'click.recorded', time: '2026-03-04T10:00:00Z', data: { n } },
});

/** The store with a count of the events it had to read (what the feed should save). */
function counting(store: EventStore): EventStore & { eventsRead: number } {
  const counted = Object.assign(Object.create(store) as EventStore, { eventsRead: 0 });
  counted.readAll = async (after: number, limit: number) => {
    const batch = await store.readAll(after, limit);
    counted.eventsRead += batch.length;
    return batch;
  };
  return counted as EventStore & { eventsRead: number };
}

describe('SharedEventFeed', () => {
  let db: PgliteDatabase;
  let store: SqlEventStore;
  beforeAll(async () => {
    db = await openMemoryDatabase();
    store = await SqlEventStore.open(db, { pollMillis: 20 });
    await store.append(Array.from({ length: 60 }, (_, n) => event(n + 1)));
  });
  afterAll(async () => db.close());

  it('answers followers from the window: each event is read from the store once', async () => {
    const source = counting(store);
    const feed = new SharedEventFeed(source, 100);
    const leader = await feed.readAll(0, 40);
    const follower = await feed.readAll(10, 20);
    expect(follower.map((e) => e.position)).toEqual(leader.slice(10, 30).map((e) => e.position));
    await feed.readAll(40, 40);
    expect(source.eventsRead).toBe(60);
    expect((await feed.readAll(55, 10)).map((e) => e.position)).toEqual([56, 57, 58, 59, 60]);
    expect(source.eventsRead).toBe(60);
  });

  it('reads from the store again what fell out of the bounded window, and gives the same events', async () => {
    const source = counting(store);
    const feed = new SharedEventFeed(source, 10);
    const first = await feed.readAll(0, 30);
    const again = await feed.readAll(0, 30);
    expect(again.map((e) => e.event.id)).toEqual(first.map((e) => e.event.id));
    expect(source.eventsRead).toBe(60);
  });

  it('feeds every subscriber every event once, in order, including events stored while they wait', async () => {
    const feed = new SharedEventFeed(store);
    const seen: Record<string, number[]> = { a: [], b: [] };
    const subscribe = (name: string, after: number) =>
      feed.subscribe(after, async (batch: RecordedEvent[]) => void seen[name].push(...batch.map((e) => e.position)), { batchSize: 7 });
    const a = subscribe('a', 0);
    const b = subscribe('b', 30);
    await store.append([event(61), event(62)]);
    const until = Date.now() + 5000;
    while ((seen.a.length < 62 || seen.b.length < 32) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.all([a.stop(), b.stop()]);
    await feed.close();
    expect(seen.a).toEqual(Array.from({ length: 62 }, (_, i) => i + 1));
    expect(seen.b).toEqual(Array.from({ length: 32 }, (_, i) => i + 31));
  });
});
