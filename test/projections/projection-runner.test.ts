import { SqlEventStore } from '@ledger/event-store';
import type { RecordedEvent } from '@ledger/events';
import { ProjectionRunner, readCheckpoint, type Projection } from '@ledger/projections';
import { PgliteDatabase, type SqlDatabase, type SqlExecutor } from '@ledger/sql';
import { click, cloudEvent } from '../support/events';

/** Counts events per position; fails its first write after writing, to prove nothing sticks. */
class FlakyProjection implements Projection {
  readonly name = 'flaky';
  failuresLeft = 1;
  derivedFor = new Set<number>();

  async setUp(db: SqlDatabase): Promise<void> {
    await db.exec('CREATE TABLE IF NOT EXISTS seen (position bigint NOT NULL)');
  }

  apply(batch: readonly RecordedEvent[]) {
    const upstream = batch.filter((r) => r.event.source !== 'derived');
    return {
      append: upstream.map((r) => ({ streamId: 'derived', event: cloudEvent('partner.certified', { partnerId: 'P', certification: String(r.position) }, { id: `d-${r.position}`, source: 'derived' }) })),
      write: async (tx: SqlExecutor) => {
        for (const r of batch) await tx.query('INSERT INTO seen (position) VALUES ($1)', [r.position]);
        if (this.failuresLeft > 0) {
          this.failuresLeft -= 1;
          throw new Error('database went away');
        }
      },
    };
  }
}

describe('ProjectionRunner', () => {
  it('retries a failed batch from its checkpoint: each event applied once, derived events stored once', async () => {
    const db = await PgliteDatabase.open();
    const store = await SqlEventStore.open(db);
    const projection = new FlakyProjection();
    const errors: string[] = [];
    const runner = new ProjectionRunner(projection, store, db, (_, error) => errors.push((error as Error).message), {
      firstDelayMillis: 10,
      maxDelayMillis: 10,
    });
    try {
      await store.append([1, 2, 3].map((i) => ({ streamId: 's', event: click('P-1', `v-${i}`) })));
      await runner.start();
      await runner.waitFor(3);
      const head = await store.headPosition();
      await runner.waitFor(head);

      expect(errors).toEqual(['database went away']);
      const seen = await db.query<{ position: number }>('SELECT position FROM seen ORDER BY position');
      expect(seen.map((r) => Number(r.position))).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      // 3 upstream events -> 3 derived ones, although the first batch's appends ran twice.
      expect(head).toBe(6);
      expect(await readCheckpoint(db, 'flaky')).toBe(6);
      expect(runner.status).toMatchObject({ state: 'running', failures: 0, checkpoint: 6 });
    } finally {
      await runner.stop();
      await db.close();
    }
  });
});
