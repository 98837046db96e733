import { SqlEventStore, type EventStore, type SubscribeOptions } from '@ledger/platform/event-store';
import type { RecordedEvent } from '@ledger/contracts';
import {
  ProjectionRunner,
  countProjectionExceptions,
  listProjectionExceptions,
  readCheckpoint,
  resetProjections,
  type Projection,
} from '@ledger/platform/projections';
import { DatabaseUnavailableError, PostgresDatabase, type SqlDatabase, type SqlExecutor } from '@ledger/platform/sql';
import { click, cloudEvent } from '../support/events';
import { createScratchDatabase, describeWithPostgres } from '../support/postgres';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';

/** Counts events per position; fails its first write after writing, to prove nothing sticks. */
class FlakyProjection implements Projection {
  readonly name = 'flaky';
  failuresLeft = 1;

  async setUp(db: SqlDatabase): Promise<void> {
    await db.exec('CREATE TABLE IF NOT EXISTS seen (position bigint NOT NULL)');
  }

  apply(batch: readonly RecordedEvent[]) {
    const upstream = batch.filter((r) => r.event.source !== 'derived');
    return {
      append: upstream.map((r) => ({
        streamId: 'derived',
        event: cloudEvent(
          'partner.certified',
          { partnerId: 'P', certification: String(r.position) },
          { id: `d-${r.position}`, source: 'derived' },
        ),
      })),
      write: async (tx: SqlExecutor) => {
        for (const r of batch) await tx.query('INSERT INTO seen (position) VALUES ($1)', [r.position]);
        if (this.failuresLeft > 0) {
          this.failuresLeft -= 1;
          throw new DatabaseUnavailableError('Connection terminated unexpectedly');
        }
      },
    };
  }
}

/**
 * Keeps the visitor ids it applied, in SQL and in an in-memory cache; cannot apply a click whose
 * visitor is in `poison` (a bug that throws for that event, every time) until the bug is fixed.
 */
class PickyProjection implements Projection {
  readonly name = 'picky';
  cache: string[] = [];
  applied = 0;

  constructor(readonly poison: Set<string>) {}

  async setUp(db: SqlDatabase): Promise<void> {
    await db.exec('CREATE TABLE IF NOT EXISTS picky_seen (position bigint PRIMARY KEY, visitor text NOT NULL)');
  }

  async load(db: SqlDatabase): Promise<void> {
    this.cache = (await db.query<{ visitor: string }>('SELECT visitor FROM picky_seen ORDER BY position')).map((row) => row.visitor);
  }

  async rollback(db: SqlDatabase): Promise<void> {
    await this.load(db);
  }

  async reset(db: SqlDatabase): Promise<void> {
    await db.exec('DROP TABLE IF EXISTS picky_seen');
    this.cache = [];
  }

  apply(batch: readonly RecordedEvent[]) {
    const rows: Array<[number, string]> = [];
    for (const recorded of batch) {
      const visitor = (recorded.event.data as { visitorId: string }).visitorId;
      // The cache changes before the failure: a skipped event must leave no trace in it.
      this.cache.push(visitor);
      if (this.poison.has(visitor)) throw new TypeError(`cannot read visitor ${visitor}`);
      rows.push([recorded.position, visitor]);
    }
    this.applied += batch.length;
    return {
      write: async (tx: SqlExecutor) => {
        for (const [position, visitor] of rows)
          await tx.query('INSERT INTO picky_seen (position, visitor) VALUES ($1, $2)', [position, visitor]);
      },
    };
  }
}

const FAST = { firstDelayMillis: 10, maxDelayMillis: 10 };

describe('ProjectionRunner', () => {
  it('retries a batch that failed because the database was unavailable: each event applied once, derived events stored once', async () => {
    const db = await openMemoryDatabase();
    const store = await SqlEventStore.open(db);
    const projection = new FlakyProjection();
    const errors: string[] = [];
    const runner = new ProjectionRunner(projection, store, db, (_, error) => errors.push((error as Error).message), FAST);
    try {
      await store.append([1, 2, 3].map((i) => ({ streamId: 's', event: click('P-1', `v-${i}`) })));
      await runner.start();
      await runner.waitFor(3);
      const head = await store.headPosition();
      await runner.waitFor(head);

      expect(errors).toEqual(['database unavailable: Connection terminated unexpectedly']);
      const seen = await db.query<{ position: number }>('SELECT position FROM seen ORDER BY position');
      expect(seen.map((r) => Number(r.position))).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      // 3 upstream events -> 3 derived ones, although the first batch's appends ran twice.
      expect(head).toBe(6);
      expect(await readCheckpoint(db, 'flaky')).toBe(6);
      expect(runner.status).toMatchObject({ state: 'running', failures: 0, checkpoint: 6, exceptions: 0 });
      expect(runner.status.error).toBeUndefined();
      expect(await countProjectionExceptions(db)).toEqual(new Map());
    } finally {
      await runner.stop();
      await db.close();
    }
  });

  it('records an event it cannot apply as an exception, skips it and applies every other one; a rebuild after the fix reprocesses it', async () => {
    const db = await openMemoryDatabase();
    const store = await SqlEventStore.open(db);
    const poison = new Set(['v-poison']);
    const projection = new PickyProjection(poison);
    const skipped: Array<{ position: number; message: string }> = [];
    const runner = new ProjectionRunner(projection, store, db, undefined, FAST, (_, recorded, error) =>
      skipped.push({ position: recorded.position, message: (error as Error).message }),
    );
    let restarted: ProjectionRunner | undefined;
    try {
      // One batch with the poison in the middle, then more events after it.
      await store.append(
        ['v-1', 'v-2', 'v-poison', 'v-4'].map((visitor) => ({ streamId: 's', event: click('P-1', visitor, { id: `c-${visitor}` }) })),
      );
      await runner.start();
      await runner.waitFor(4);
      await store.append([{ streamId: 's', event: click('P-1', 'v-5', { id: 'c-v-5' }) }]);
      await runner.waitFor(5);

      const applied = await db.query<{ position: number; visitor: string }>('SELECT position, visitor FROM picky_seen ORDER BY position');
      expect(applied.map((row) => [Number(row.position), row.visitor])).toEqual([
        [1, 'v-1'],
        [2, 'v-2'],
        [4, 'v-4'],
        [5, 'v-5'],
      ]);
      // The failed attempts left nothing in the cache either.
      expect(projection.cache).toEqual(['v-1', 'v-2', 'v-4', 'v-5']);
      expect(skipped).toEqual([{ position: 3, message: 'cannot read visitor v-poison' }]);
      expect(runner.status).toMatchObject({ state: 'running', checkpoint: 5, failures: 0, exceptions: 1 });
      expect(await listProjectionExceptions(db)).toEqual([
        expect.objectContaining({
          projection: 'picky',
          position: 3,
          eventId: 'c-v-poison',
          eventSource: 'test',
          eventType: 'click.recorded',
          error: 'TypeError: cannot read visitor v-poison',
        }),
      ]);
      await runner.stop();

      // A restart remembers the exception and does not try the event again.
      restarted = new ProjectionRunner(new PickyProjection(poison), store, db, undefined, FAST);
      await restarted.start();
      expect(restarted.status).toMatchObject({ checkpoint: 5, exceptions: 1 });
      await restarted.stop();

      // The bug is fixed: a rebuild forgets the exception and applies the event.
      poison.clear();
      const fixed = new PickyProjection(poison);
      await resetProjections(db, [fixed]);
      expect(await countProjectionExceptions(db)).toEqual(new Map());
      restarted = new ProjectionRunner(fixed, store, db, undefined, FAST);
      await restarted.start();
      await restarted.waitFor(5);
      expect(restarted.status).toMatchObject({ checkpoint: 5, exceptions: 0 });
      expect(fixed.cache).toEqual(['v-1', 'v-2', 'v-poison', 'v-4', 'v-5']);
      expect(await listProjectionExceptions(db)).toEqual([]);
    } finally {
      await runner.stop();
      await restarted?.stop();
      await db.close();
    }
  });

  it('does not skip events while the database is unavailable: it waits and applies them once it is back', async () => {
    const db = await openMemoryDatabase();
    const store = await SqlEventStore.open(db);
    const projection = new FlakyProjection();
    projection.failuresLeft = 5;
    const runner = new ProjectionRunner(projection, store, db, undefined, FAST);
    try {
      await store.append([1, 2].map((i) => ({ streamId: 's', event: click('P-1', `v-${i}`) })));
      await runner.start();
      // 2 upstream events and the 2 events derived from them.
      await runner.waitFor(4);
      expect(projection.failuresLeft).toBe(0);
      expect(await store.headPosition()).toBe(4);
      expect(runner.status).toMatchObject({ state: 'running', exceptions: 0, failures: 0 });
      const seen = await db.query<{ position: number }>('SELECT position FROM seen ORDER BY position');
      expect(seen.map((r) => Number(r.position))).toEqual([1, 2, 3, 4]);
    } finally {
      await runner.stop();
      await db.close();
    }
  });
});

/** Writes one row per event it applies, slowly, so two processes running it overlap. */
class TallyProjection implements Projection {
  readonly name = 'tally';

  async setUp(db: SqlDatabase): Promise<void> {
    await db.exec('CREATE TABLE IF NOT EXISTS tally (position bigint NOT NULL)');
  }

  apply(batch: readonly RecordedEvent[]) {
    return {
      write: async (tx: SqlExecutor) => {
        for (const r of batch) await tx.query('INSERT INTO tally (position) VALUES ($1)', [r.position]);
        await new Promise((resolve) => setTimeout(resolve, 30));
      },
    };
  }
}

describeWithPostgres('the same projection in two processes', () => {
  it('never applies a batch twice: the second to commit is refused, reads again from the checkpoint and goes on', async () => {
    const scratch = await createScratchDatabase();
    // Two pools, as two processes would have; one store.
    const first = new PostgresDatabase(scratch.url);
    const second = new PostgresDatabase(scratch.url);
    const store = await SqlEventStore.open(first);
    // Batches of 5, so the two race over many batches, not over one.
    const feed: EventStore = Object.assign(Object.create(store) as SqlEventStore, {
      subscribe: (after: number, handler: (batch: RecordedEvent[]) => Promise<void>, options: SubscribeOptions = {}) =>
        store.subscribe(after, handler, { ...options, batchSize: 5 }),
    });
    // Made before they start: two CREATE TABLE IF NOT EXISTS at once can collide in PostgreSQL's catalogue.
    await new TallyProjection().setUp(first);
    const errors: string[] = [];
    const onError = (_: string, error: unknown) => errors.push((error as Error).name);
    const runners = [first, second].map((db) => new ProjectionRunner(new TallyProjection(), feed, db, onError, FAST));
    try {
      for (let chunk = 0; chunk < 20; chunk += 1)
        await store.append(Array.from({ length: 5 }, (_, i) => ({ streamId: 's', event: click('P-1', `v-${chunk}-${i}`) })));
      await Promise.all(runners.map((runner) => runner.start()));
      const head = await store.headPosition();
      await Promise.all(runners.map((runner) => runner.waitFor(head, 30_000)));

      const tally = await first.query<{ position: string; times: string }>(
        'SELECT position, count(*) AS times FROM tally GROUP BY position ORDER BY position::bigint',
      );
      expect(tally.map((row) => [Number(row.position), Number(row.times)])).toEqual(Array.from({ length: head }, (_, i) => [i + 1, 1]));
      expect(await readCheckpoint(first, 'tally')).toBe(head);
      expect(await countProjectionExceptions(first)).toEqual(new Map());
      // They did race: at least one batch was refused, and only for that reason.
      expect(errors.length).toBeGreaterThan(0);
      expect(new Set(errors)).toEqual(new Set(['CheckpointMovedError']));
    } finally {
      for (const runner of runners) await runner.stop();
      await first.close();
      await second.close();
      await scratch.drop();
    }
  });
});
