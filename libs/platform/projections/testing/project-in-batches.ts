import type { CloudEvent, RecordedEvent } from '@ledger/contracts';
import type { SqlDatabase } from '@ledger/platform/sql';
import type { Projection } from '../projection';

/** A projection that can say how many state entities it holds (the bounded-state tests check the bound). */
export interface HoldingProjection extends Projection {
  heldEntities(): number;
}

export interface ProjectedBatches {
  /** The facts the projection asked to append, in order. */
  appended: CloudEvent[];
  /** The most entities held after any batch. */
  mostHeld: number;
}

/**
 * Runs `events` through a fresh projection into an emptied read model, in batches of `sizes`
 * (cycled), each written in its own transaction as the runner does. With `bounded` the projection
 * is handed the database (`load`), so its memory is a bounded cache over its state rows; without,
 * it holds its whole state.
 */
export async function projectInBatches(
  projection: HoldingProjection,
  db: SqlDatabase,
  events: readonly RecordedEvent[],
  sizes: readonly number[],
  bounded: boolean,
): Promise<ProjectedBatches> {
  await projection.reset?.(db);
  await projection.setUp(db);
  if (bounded) await projection.load?.(db);
  const history = { readAll: async (after: number, limit: number) => events.filter((e) => e.position > after).slice(0, limit) };
  const appended: CloudEvent[] = [];
  let mostHeld = 0;
  for (let start = 0, cut = 0; start < events.length; cut += 1) {
    const end = Math.min(events.length, start + sizes[cut % sizes.length]);
    const step = await projection.apply(events.slice(start, end), history);
    appended.push(...(step.append ?? []).map((candidate) => candidate.event));
    await db.transaction((tx) => step.write(tx));
    mostHeld = Math.max(mostHeld, projection.heldEntities());
    start = end;
  }
  return { appended, mostHeld };
}

/** Every row of `tables`, each table's rows as JSON in a stable order. */
export async function tableRows(db: SqlDatabase, tables: readonly string[]): Promise<Record<string, string[]>> {
  const rows = await Promise.all(
    tables.map(async (table) =>
      (await db.query<Record<string, unknown>>(`SELECT * FROM ${table}`)).map((row) => JSON.stringify(row)).sort(),
    ),
  );
  return Object.fromEntries(tables.map((table, index) => [table, rows[index]]));
}
