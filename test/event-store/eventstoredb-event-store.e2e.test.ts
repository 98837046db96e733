import { randomBytes } from 'node:crypto';
import { EventStoreDBClient, NO_STREAM, jsonEvent } from '@eventstore/db-client';
import { contentHash, type RecordedEvent } from '@ledger/contracts';
import { EventStoreDbEventStore, type EventStoreDbOptions } from '@ledger/platform/event-store';
import { describeWithEventStoreDb, eventStoreDbTestUrl } from '../support/eventstoredb';
import { click } from '../support/events';
import { eventStoreContract, waitFor } from './event-store.contract';
import { TcpProxy } from './support/tcp-proxy';
// Internals, to lay out on the server what a writer that stopped half-way leaves behind.
import { eventIdFor } from '@ledger/platform/event-store';
import { KEY_RESERVED, type KeyReservation } from '@ledger/platform/event-store';
import { StreamNames } from '@ledger/platform/event-store';

/** Each test gets its own stream namespace on the one test server, so tests never see each other's events. */
const freshNamespace = () => `t${randomBytes(6).toString('hex')}`;
const connect = (namespace: string, options: EventStoreDbOptions = {}, url = eventStoreDbTestUrl()) =>
  EventStoreDbEventStore.connect(url, { namespace, settleTimeoutMillis: 1000, ...options });

describeWithEventStoreDb('eventstoredb event store (real EventStoreDB server)', () => {
  eventStoreContract(
    async () => {
      const namespace = freshNamespace();
      const store = await connect(namespace);
      return {
        store,
        openSecondStore: async () => {
          const second = await connect(namespace);
          return { store: second, close: () => second.close() };
        },
        close: () => store.close(),
      };
    },
    {
      densePositions: false,
      atomicAcrossStreams: false,
      sqlTables: false,
      note: 'eventstoredb positions are log offsets and appends are atomic per stream run, see docs/eventstoredb.md',
    },
  );

  it('keeps namespaces apart on one server', async () => {
    const a = await connect(freshNamespace());
    const b = await connect(freshNamespace());
    try {
      const event = click('P-1', 'v-1');
      await a.append([{ streamId: 's', event }]);
      expect(await b.readAll(0, 10)).toEqual([]);
      expect(await b.headPosition()).toBe(0);
      // The same upstream fact is new in another namespace.
      expect((await b.append([{ streamId: 's', event }]))[0].status).toBe('accepted');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps the recorded time a copy passes, and sets its own otherwise', async () => {
    const store = await connect(freshNamespace());
    try {
      const before = Date.now();
      await store.append([
        { streamId: 's', event: click('P-1', 'v-1'), recordedAt: '2025-01-02T03:04:05.678Z' },
        { streamId: 's', event: click('P-1', 'v-2') },
      ]);
      const [copied, fresh] = await store.readAll(0, 10);
      expect(copied.recordedAt).toBe('2025-01-02T03:04:05.678Z');
      expect(Date.parse(fresh.recordedAt)).toBeGreaterThanOrEqual(before - 5000);
    } finally {
      await store.close();
    }
  });

  it('stores a fact once when its first writer stopped between reserving the key and writing the event', async () => {
    const namespace = freshNamespace();
    const store = await connect(namespace);
    const event = click('P-1', 'v-1');
    try {
      // The crash window, for real: a writer reserved the key on the server and never wrote the event.
      const eventId = eventIdFor(event.source, event.id);
      const client = EventStoreDBClient.connectionString(eventStoreDbTestUrl());
      const reservation: KeyReservation = { streamId: 's', contentHash: contentHash(event), expectedRevision: 'any', event };
      await client.appendToStream(
        new StreamNames(namespace).keyStream(eventId),
        jsonEvent({ type: KEY_RESERVED, data: { ...reservation } }),
        {
          expectedRevision: NO_STREAM,
        },
      );
      await client.dispose();

      // The resend waits out the grace period (1 s here), then finishes the reserved write itself.
      const [outcome] = await store.append([{ streamId: 's', event }]);
      expect(outcome.status).toBe('duplicate');
      const stored = await store.readAll(0, 10);
      expect(stored.map((r) => r.event)).toEqual([event]);
      expect(outcome.position).toBe(stored[0].position);
      expect(await store.append([{ streamId: 's', event }])).toEqual([{ status: 'duplicate', position: stored[0].position }]);
    } finally {
      await store.close();
    }
  });

  it('resubscribes after the connection drops, reports it in health(), and delivers what was missed once', async () => {
    const target = new URL(eventStoreDbTestUrl().replace(/^esdb:/, 'http:'));
    const proxy = await TcpProxy.start(target.hostname, Number(target.port));
    const namespace = freshNamespace();
    const viaProxy = await connect(
      namespace,
      { reconnect: { firstDelayMillis: 100, maxDelayMillis: 500 } },
      `esdb://127.0.0.1:${proxy.port}?tls=false`,
    );
    const direct = await connect(namespace);
    const received: RecordedEvent[] = [];
    const subscription = viaProxy.subscribe(0, async (batch) => {
      received.push(...batch);
    });
    try {
      await direct.append([{ streamId: 's', event: click('P-1', 'before') }]);
      await waitFor(() => received.length === 1, 10000);
      expect(viaProxy.health()).toMatchObject({ connection: 'up', reconnectingSubscriptions: 0 });

      proxy.cut();
      await waitFor(() => viaProxy.health().reconnectingSubscriptions === 1, 30000);
      expect(viaProxy.health()).toMatchObject({ connection: 'unavailable' });
      expect(viaProxy.health().lastError).toBeTruthy();
      await direct.append([{ streamId: 's', event: click('P-1', 'while-cut') }]);

      proxy.restore();
      await direct.append([{ streamId: 's', event: click('P-1', 'after') }]);
      await waitFor(() => received.length === 3, 30000);
      expect(received.map((r) => r.event.data)).toEqual([
        { partnerId: 'P-1', visitorId: 'before' },
        { partnerId: 'P-1', visitorId: 'while-cut' },
        { partnerId: 'P-1', visitorId: 'after' },
      ]);
      await waitFor(() => viaProxy.health().connection === 'up', 10000);
    } finally {
      await subscription.stop();
      await viaProxy.close();
      await direct.close();
      await proxy.stop();
    }
  });
});
