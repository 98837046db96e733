import type { RecordedEvent } from '@ledger/contracts';
import { WrongExpectedRevisionError, type EventStore } from '@ledger/platform/event-store';
import type { SqlDatabase } from '@ledger/platform/sql';
import { click } from '../support/events';

export interface StoreUnderTest {
  store: EventStore;
  /** The SQL behind the store (SQL adapters only), to prove that even direct SQL cannot alter history. */
  db?: SqlDatabase;
  /** A second, independent connection set to the same store (another process in production). */
  openSecondStore(): Promise<{ store: EventStore; close(): Promise<void> }>;
  close(): Promise<void>;
}

/**
 * What an adapter guarantees beyond the common contract. Every difference is declared here and
 * shows up by name in the test report (as a skipped test) instead of a silently weaker assertion.
 */
export interface StoreCapabilities {
  /** Positions are 1, 2, 3, ... (SQL). Otherwise they are only strictly increasing (EventStoreDB log offsets). */
  densePositions: boolean;
  /** One append is one transaction across streams (SQL). Otherwise it is atomic per stream run (EventStoreDB). */
  atomicAcrossStreams: boolean;
  /** History lives in SQL tables whose triggers refuse UPDATE, DELETE and TRUNCATE; `db` is set. */
  sqlTables: boolean;
  /** Why the capabilities differ from SQL, named in the skipped tests' titles. */
  note?: string;
}

export const SQL_CAPABILITIES: StoreCapabilities = { densePositions: true, atomicAcrossStreams: true, sqlTables: true };

/** The guarantees of SPEC §1, asserted identically for every adapter. */
export function eventStoreContract(open: () => Promise<StoreUnderTest>, capabilities: StoreCapabilities = SQL_CAPABILITIES): void {
  let subject: StoreUnderTest;
  let store: EventStore;
  const onlyWhen = (capable: boolean, title: string, test: () => Promise<void>) =>
    capable ? it(title, test) : it.skip(`${title} (not this adapter: ${capabilities.note ?? 'see its docs'})`, test);

  beforeEach(async () => {
    subject = await open();
    store = subject.store;
  });
  afterEach(async () => subject.close());

  /** Every position in the store, in order; asserts they are 1..n where the adapter promises dense positions. */
  async function allPositions(): Promise<number[]> {
    const positions = (await store.readAll(0, 100_000)).map((recorded) => recorded.position);
    expectOrdered(positions);
    return positions;
  }

  function expectOrdered(positions: number[]): void {
    if (capabilities.densePositions) {
      expect(positions).toEqual(positions.map((_, i) => i + 1));
    } else {
      positions.forEach((position, i) => {
        expect(Number.isSafeInteger(position) && position > 0).toBe(true);
        if (i > 0) expect(position).toBeGreaterThan(positions[i - 1]);
      });
    }
  }

  it('appends events in one global order with per-stream revisions, and keeps both times', async () => {
    const events = [click('P-1', 'v-1'), click('P-2', 'v-2'), click('P-1', 'v-1')];
    const outcomes = await store.append(events.map((event) => ({ streamId: `visitor-${event.data.visitorId}`, event })));
    const positions = await allPositions();
    expect(positions).toHaveLength(3);
    expect(outcomes).toEqual([
      { status: 'accepted', position: positions[0], streamId: 'visitor-v-1', revision: 0 },
      { status: 'accepted', position: positions[1], streamId: 'visitor-v-2', revision: 0 },
      { status: 'accepted', position: positions[2], streamId: 'visitor-v-1', revision: 1 },
    ]);
    const read = await store.readAll(0, 10);
    expect(read.map((r) => r.event)).toEqual(events);
    expect(read.map((r) => r.position)).toEqual(positions);
    expect(read[0].event.time).toBe('2026-03-04T10:00:00Z');
    expect(Date.parse(read[0].recordedAt)).toBeGreaterThan(Date.parse('2026-01-01T00:00:00Z'));
    expect(Date.parse(read[2].recordedAt)).toBeGreaterThanOrEqual(Date.parse(read[0].recordedAt));
    expect((await store.readStream('visitor-v-1')).map((r) => r.revision)).toEqual([0, 1]);
    expect(await store.headPosition()).toBe(positions[2]);
  });

  it('answers duplicate for the same (source, id) and content, storing it once', async () => {
    const event = click('P-1', 'v-1');
    const [first] = await store.append([{ streamId: 's', event }]);
    const again = await store.append([{ streamId: 's', event: { ...event, data: { ...event.data } } }]);
    expect(again).toEqual([{ status: 'duplicate', position: first.position }]);
    expect(await allPositions()).toEqual([first.position]);
    expect(await store.headPosition()).toBe(first.position);
  });

  it('answers duplicate even when the resent JSON lists its keys in another order', async () => {
    const event = click('P-1', 'v-1');
    const [first] = await store.append([{ streamId: 's', event }]);
    const reordered = JSON.parse(
      JSON.stringify({ data: event.data, type: event.type, time: event.time, id: event.id, source: event.source, specversion: '1.0' }),
    );
    expect(await store.append([{ streamId: 's', event: reordered }])).toEqual([{ status: 'duplicate', position: first.position }]);
    expect(await allPositions()).toEqual([first.position]);
  });

  it('answers conflict for the same (source, id) with other content; the first one stands', async () => {
    const event = click('P-1', 'v-1');
    const [first] = await store.append([{ streamId: 's', event }]);
    const changed = { ...event, data: { partnerId: 'P-9', visitorId: 'v-1' } };
    expect(await store.append([{ streamId: 's', event: changed }])).toEqual([{ status: 'conflict', position: first.position }]);
    const [stored, ...rest] = await store.readAll(0, 10);
    expect(rest).toEqual([]);
    expect(stored.event.data).toEqual({ partnerId: 'P-1', visitorId: 'v-1' });
    expect(await allPositions()).toEqual([first.position]);
  });

  it('treats the same key twice within one batch as a duplicate or a conflict of the first', async () => {
    const event = click('P-1', 'v-1');
    const outcomes = await store.append([
      { streamId: 's', event },
      { streamId: 's', event },
      { streamId: 's', event: { ...event, time: '2026-03-05T00:00:00Z' } },
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['accepted', 'duplicate', 'conflict']);
    expect(outcomes.map((o) => o.position)).toEqual([outcomes[0].position, outcomes[0].position, outcomes[0].position]);
    expect(await allPositions()).toEqual([outcomes[0].position]);
    expect(await store.headPosition()).toBe(outcomes[0].position);
  });

  it('keys idempotency on source and id together', async () => {
    const a = click('P-1', 'v-1', { id: 'same', source: 'tracker-a' });
    const b = click('P-1', 'v-1', { id: 'same', source: 'tracker-b' });
    expect(
      (
        await store.append([
          { streamId: 's', event: a },
          { streamId: 's', event: b },
        ])
      ).map((o) => o.status),
    ).toEqual(['accepted', 'accepted']);
  });

  it('enforces expected revisions and writes nothing of a batch that fails one', async () => {
    await store.append([{ streamId: 'deal-1', expectedRevision: 'no_stream', event: click('P-1', 'v-1') }]);
    const [second] = await store.append([{ streamId: 'deal-1', expectedRevision: 0, event: click('P-1', 'v-1') }]);
    const stale = store.append([
      { streamId: 'other', event: click('P-1', 'v-2') },
      { streamId: 'deal-1', expectedRevision: 0, event: click('P-1', 'v-3') },
    ]);
    await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(store.append([{ streamId: 'deal-1', expectedRevision: 'no_stream', event: click('P-1', 'v-4') }])).rejects.toThrow(
      /expected revision no_stream but is at 1/,
    );
    expect(await store.headPosition()).toBe(second.position);
    expect(await allPositions()).toHaveLength(2);
    expect(await store.readStream('other')).toEqual([]);
  });

  it('lets a batch that failed an expected revision be sent again once corrected', async () => {
    const event = click('P-1', 'v-1');
    await store.append([{ streamId: 'deal-1', event: click('P-1', 'v-0') }]);
    await expect(store.append([{ streamId: 'deal-1', expectedRevision: 'no_stream', event }])).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    // Nothing of the refused append holds on to its idempotency key.
    const [retried] = await store.append([{ streamId: 'deal-1', expectedRevision: 0, event }]);
    expect(retried).toMatchObject({ status: 'accepted', streamId: 'deal-1', revision: 1 });
  });

  onlyWhen(capabilities.sqlTables, 'is append-only: stored rows cannot be updated, deleted or truncated even with SQL', async () => {
    const db = subject.db as SqlDatabase;
    const [first] = await store.append([{ streamId: 's', event: click('P-1', 'v-1') }]);
    await expect(db.query(`UPDATE ledger_events SET type = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM ledger_events')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE ledger_events')).rejects.toThrow(/append-only/);
    expect(await store.headPosition()).toBe(first.position);
    expect(await allPositions()).toEqual([first.position]);
  });

  it('reads all events from a position in batches', async () => {
    await store.append(Array.from({ length: 25 }, (_, i) => ({ streamId: `s-${i % 3}`, event: click('P-1', `v-${i}`) })));
    const positions = await allPositions();
    expect(positions).toHaveLength(25);
    const seen: number[] = [];
    let after = 0;
    for (;;) {
      const batch = await store.readAll(after, 10);
      if (batch.length === 0) break;
      expect(batch.length).toBeLessThanOrEqual(10);
      seen.push(...batch.map((r) => r.position));
      after = batch[batch.length - 1].position;
    }
    expect(seen).toEqual(positions);
    expect((await store.readAll(positions[19], 100)).map((r) => r.position)).toEqual(positions.slice(20));
    expect(await store.readAll(positions[24], 100)).toEqual([]);
  });

  it('subscribes from a checkpoint: the events after it, then live ones', async () => {
    await store.append([1, 2, 3].map((i) => ({ streamId: 's', event: click('P-1', `v-${i}`) })));
    const positions = await allPositions();
    const received: RecordedEvent[] = [];
    const subscription = store.subscribe(positions[0], async (batch) => {
      received.push(...batch);
    });
    await waitFor(() => received.length === 2);
    const [live] = await store.append([{ streamId: 's', event: click('P-1', 'v-live') }]);
    await waitFor(() => received.length === 3);
    await subscription.stop();
    expect(received.map((r) => r.position)).toEqual([positions[1], positions[2], live.position]);
    expect(await allPositions()).toEqual([...positions, live.position]);
    expect(received[2].event.data).toEqual({ partnerId: 'P-1', visitorId: 'v-live' });
  });

  it('delivers appends of another connection to a live subscriber', async () => {
    const second = await subject.openSecondStore();
    const received: number[] = [];
    const subscription = store.subscribe(0, async (batch) => {
      received.push(...batch.map((r) => r.position));
    });
    try {
      const [appended] = await second.store.append([{ streamId: 's', event: click('P-1', 'v-1') }]);
      await waitFor(() => received.length === 1, 5000);
      expect(received).toEqual([appended.position]);
      expect(await allPositions()).toEqual([appended.position]);
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
    // where the previous one ended (dense positions: exactly the next number). A gap filled in
    // later would show up as a jump here, or as an event missing from what the reader saw.
    const seen: number[] = [];
    let checkpoint = 0;
    let writing = true;
    const reader = (async () => {
      while (writing || seen.length < expectedTotal) {
        const batch = await store.readAll(checkpoint, 1000);
        for (const recorded of batch) {
          if (capabilities.densePositions ? recorded.position !== checkpoint + 1 : recorded.position <= checkpoint) {
            throw new Error(`reader saw position ${recorded.position} right after ${checkpoint}`);
          }
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
    // Everything the store holds now is exactly what the reader saw, in the same order.
    expect(seen).toEqual(await allPositions());
    // Per-stream revisions stayed consecutive under contention too.
    const writer0 = await store.readStream('writer-0');
    expect(writer0.map((r) => r.revision)).toEqual(writer0.map((_, i) => i));
  });

  onlyWhen(capabilities.atomicAcrossStreams, 'lets no reader see part of a batch that spans several streams', async () => {
    const batchSize = 10;
    const batches = 20;
    let writing = true;
    const observedCounts: number[] = [];
    const reader = (async () => {
      while (writing) {
        observedCounts.push((await store.readAll(0, 100_000)).length);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let b = 0; b < batches; b++) {
      await store.append(
        Array.from({ length: batchSize }, (_, k) => ({ streamId: `stream-${k % 5}`, event: click('P-1', `b${b}-e${k}`) })),
      );
    }
    writing = false;
    await reader;
    expect(observedCounts.length).toBeGreaterThan(0);
    expect(observedCounts.filter((count) => count % batchSize !== 0)).toEqual([]);
    expect(await allPositions()).toHaveLength(batchSize * batches);
  });
}

export async function waitFor(condition: () => boolean, timeoutMillis = 3000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMillis) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
