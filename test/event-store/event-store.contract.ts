import type { RecordedEvent } from '@ledger/events';
import { WrongExpectedRevisionError, type EventStore } from '@ledger/event-store';
import type { SqlDatabase } from '@ledger/sql';
import { click } from '../support/events';

export interface StoreUnderTest {
  store: EventStore;
  /** The SQL behind the store, to prove that even direct SQL cannot alter history. */
  db: SqlDatabase;
  /** A second, independent connection set to the same store (another process in production). */
  openSecondStore(): Promise<{ store: EventStore; close(): Promise<void> }>;
  close(): Promise<void>;
}

/** The guarantees of SPEC §1, asserted identically for every adapter. */
export function eventStoreContract(open: () => Promise<StoreUnderTest>): void {
  let subject: StoreUnderTest;
  let store: EventStore;

  beforeEach(async () => {
    subject = await open();
    store = subject.store;
  });
  afterEach(async () => subject.close());

  it('appends events in one global order with per-stream revisions, and keeps both times', async () => {
    const events = [click('P-1', 'v-1'), click('P-2', 'v-2'), click('P-1', 'v-1')];
    const outcomes = await store.append(events.map((event) => ({ streamId: `visitor-${event.data.visitorId}`, event })));
    expect(outcomes).toEqual([
      { status: 'accepted', position: 1, streamId: 'visitor-v-1', revision: 0 },
      { status: 'accepted', position: 2, streamId: 'visitor-v-2', revision: 0 },
      { status: 'accepted', position: 3, streamId: 'visitor-v-1', revision: 1 },
    ]);
    const read = await store.readAll(0, 10);
    expect(read.map((r) => r.event)).toEqual(events);
    expect(read.map((r) => r.position)).toEqual([1, 2, 3]);
    expect(read[0].event.time).toBe('2026-03-04T10:00:00Z');
    expect(Date.parse(read[0].recordedAt)).toBeGreaterThan(Date.parse('2026-01-01T00:00:00Z'));
    expect(Date.parse(read[2].recordedAt)).toBeGreaterThanOrEqual(Date.parse(read[0].recordedAt));
    expect((await store.readStream('visitor-v-1')).map((r) => r.revision)).toEqual([0, 1]);
    expect(await store.headPosition()).toBe(3);
  });

  it('answers duplicate for the same (source, id) and content, storing it once', async () => {
    const event = click('P-1', 'v-1');
    await store.append([{ streamId: 's', event }]);
    const again = await store.append([{ streamId: 's', event: { ...event, data: { ...event.data } } }]);
    expect(again).toEqual([{ status: 'duplicate', position: 1 }]);
    expect(await store.headPosition()).toBe(1);
  });

  it('answers duplicate even when the resent JSON lists its keys in another order', async () => {
    const event = click('P-1', 'v-1');
    await store.append([{ streamId: 's', event }]);
    const reordered = JSON.parse(JSON.stringify({ data: event.data, type: event.type, time: event.time, id: event.id, source: event.source, specversion: '1.0' }));
    expect(await store.append([{ streamId: 's', event: reordered }])).toEqual([{ status: 'duplicate', position: 1 }]);
  });

  it('answers conflict for the same (source, id) with other content; the first one stands', async () => {
    const event = click('P-1', 'v-1');
    await store.append([{ streamId: 's', event }]);
    const changed = { ...event, data: { partnerId: 'P-9', visitorId: 'v-1' } };
    expect(await store.append([{ streamId: 's', event: changed }])).toEqual([{ status: 'conflict', position: 1 }]);
    const [stored] = await store.readAll(0, 10);
    expect(stored.event.data).toEqual({ partnerId: 'P-1', visitorId: 'v-1' });
  });

  it('treats the same key twice within one batch as a duplicate or a conflict of the first', async () => {
    const event = click('P-1', 'v-1');
    const outcomes = await store.append([
      { streamId: 's', event },
      { streamId: 's', event },
      { streamId: 's', event: { ...event, time: '2026-03-05T00:00:00Z' } },
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['accepted', 'duplicate', 'conflict']);
    expect(await store.headPosition()).toBe(1);
  });

  it('keys idempotency on source and id together', async () => {
    const a = click('P-1', 'v-1', { id: 'same', source: 'tracker-a' });
    const b = click('P-1', 'v-1', { id: 'same', source: 'tracker-b' });
    expect((await store.append([{ streamId: 's', event: a }, { streamId: 's', event: b }])).map((o) => o.status)).toEqual([
      'accepted',
      'accepted',
    ]);
  });

  it('enforces expected revisions and writes nothing of a batch that fails one', async () => {
    await store.append([{ streamId: 'deal-1', expectedRevision: 'no_stream', event: click('P-1', 'v-1') }]);
    await store.append([{ streamId: 'deal-1', expectedRevision: 0, event: click('P-1', 'v-1') }]);
    const stale = store.append([
      { streamId: 'other', event: click('P-1', 'v-2') },
      { streamId: 'deal-1', expectedRevision: 0, event: click('P-1', 'v-3') },
    ]);
    await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(store.append([{ streamId: 'deal-1', expectedRevision: 'no_stream', event: click('P-1', 'v-4') }])).rejects.toThrow(
      /expected revision no_stream but is at 1/,
    );
    expect(await store.headPosition()).toBe(2);
    expect(await store.readStream('other')).toEqual([]);
  });

  it('is append-only: stored rows cannot be updated, deleted or truncated even with SQL', async () => {
    await store.append([{ streamId: 's', event: click('P-1', 'v-1') }]);
    await expect(subject.db.query(`UPDATE ledger_events SET type = 'x'`)).rejects.toThrow(/append-only/);
    await expect(subject.db.query('DELETE FROM ledger_events')).rejects.toThrow(/append-only/);
    await expect(subject.db.query('TRUNCATE ledger_events')).rejects.toThrow(/append-only/);
    expect(await store.headPosition()).toBe(1);
  });

  it('reads all events from a position in batches', async () => {
    await store.append(Array.from({ length: 25 }, (_, i) => ({ streamId: `s-${i % 3}`, event: click('P-1', `v-${i}`) })));
    const seen: number[] = [];
    let after = 0;
    for (;;) {
      const batch = await store.readAll(after, 10);
      if (batch.length === 0) break;
      expect(batch.length).toBeLessThanOrEqual(10);
      seen.push(...batch.map((r) => r.position));
      after = batch[batch.length - 1].position;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect((await store.readAll(20, 100)).map((r) => r.position)).toEqual([21, 22, 23, 24, 25]);
  });

  it('subscribes from a checkpoint: the events after it, then live ones', async () => {
    await store.append([1, 2, 3].map((i) => ({ streamId: 's', event: click('P-1', `v-${i}`) })));
    const received: RecordedEvent[] = [];
    const subscription = store.subscribe(1, async (batch) => {
      received.push(...batch);
    });
    await waitFor(() => received.length === 2);
    await store.append([{ streamId: 's', event: click('P-1', 'v-live') }]);
    await waitFor(() => received.length === 3);
    await subscription.stop();
    expect(received.map((r) => r.position)).toEqual([2, 3, 4]);
    expect(received[2].event.data).toEqual({ partnerId: 'P-1', visitorId: 'v-live' });
  });

  it('delivers appends of another connection to a live subscriber', async () => {
    const second = await subject.openSecondStore();
    const received: number[] = [];
    const subscription = store.subscribe(0, async (batch) => {
      received.push(...batch.map((r) => r.position));
    });
    try {
      await second.store.append([{ streamId: 's', event: click('P-1', 'v-1') }]);
      await waitFor(() => received.length === 1, 5000);
      expect(received).toEqual([1]);
    } finally {
      await subscription.stop();
      await second.close();
    }
  });

  it('never lets a reader see a gap filled later, with parallel appenders', async () => {
    const writers = 6;
    const appendsPerWriter = 25;
    const second = await subject.openSecondStore();
    const stores = [store, second.store];
    let expectedTotal = 0;
    const batches: number[][] = [];
    for (let w = 0; w < writers; w++) {
      batches.push(Array.from({ length: appendsPerWriter }, (_, i) => 1 + ((w * 7 + i * 3) % 5)));
      expectedTotal += batches[w].reduce((a, b) => a + b, 0);
    }

    // The reader polls as fast as it can while writers race; every batch it sees must continue
    // exactly where the previous one ended. A gap filled in later would show up as a jump here.
    const seen: number[] = [];
    let checkpoint = 0;
    let writing = true;
    const reader = (async () => {
      while (writing || checkpoint < expectedTotal) {
        const batch = await store.readAll(checkpoint, 1000);
        for (const recorded of batch) {
          if (recorded.position !== checkpoint + 1) throw new Error(`reader saw position ${recorded.position} right after ${checkpoint}`);
          checkpoint = recorded.position;
          seen.push(recorded.position);
        }
        if (batch.length === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    await Promise.all(
      batches.map(async (sizes, w) => {
        for (const [i, size] of sizes.entries()) {
          const events = Array.from({ length: size }, (_, k) => click(`P-${w}`, `w${w}-a${i}-e${k}`));
          await stores[w % stores.length].append(events.map((event) => ({ streamId: `writer-${w}`, event })));
        }
      }),
    );
    writing = false;
    try {
      await reader;
    } finally {
      await second.close();
    }
    expect(seen).toHaveLength(expectedTotal);
    expect(seen).toEqual(Array.from({ length: expectedTotal }, (_, i) => i + 1));
    // Per-stream revisions stayed consecutive under contention too.
    const writer0 = await store.readStream('writer-0');
    expect(writer0.map((r) => r.revision)).toEqual(writer0.map((_, i) => i));
  });
}

export async function waitFor(condition: () => boolean, timeoutMillis = 3000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMillis) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
