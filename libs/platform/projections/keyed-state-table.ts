import type { EntityRef } from '@ledger/kernel';
import type { SqlDatabase, SqlExecutor } from '@ledger/platform/sql';

/** A serialised change: `value` is the entity's JSON, or null when the entity was deleted. */
interface StateRow {
  kind: string;
  key: string;
  value: string | null;
}

/** What `load` fills: a KeyedState, or anything that adopts entities the same way. */
interface LoadableState {
  load(entities: Iterable<{ kind: string; key: string; value: unknown }>): unknown;
}

/** A partial state (KeyedState with `partial`) as far as fetching goes. */
interface FillableState {
  holds(kind: string, key: string): boolean;
  adopt(kind: string, key: string, value: unknown): void;
}

/** The entities an entity points at (a fold that reads it may read them next). */
export type EntityRefsOf = (kind: string, value: unknown) => EntityRef[];

/** Writes one batch's state changes; call it in the transaction that moves the checkpoint. */
export type KeyedStateWrite = (tx: SqlExecutor) => Promise<void>;

const NOTHING: KeyedStateWrite = async () => undefined;

/**
 * A projection's resume state in SQL: one `(kind, key, value)` row per entity of a KeyedState,
 * `value` its JSON. The table itself comes from the projection's migrations (primary key (kind, key)).
 */
export class KeyedStateTable {
  constructor(readonly table: string) {
    // Interpolated into SQL: only a plain identifier is accepted.
    if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`keyed state table: ${JSON.stringify(table)} is not a plain table name`);
  }

  /** Fills `state` with the stored entities (they do not count as changed) and returns it. */
  async load<State extends LoadableState>(db: SqlExecutor, state: State): Promise<State> {
    const rows = await db.query<{ kind: string; key: string; value: string }>(`SELECT kind, key, value FROM ${this.table}`);
    state.load(rows.map((row) => ({ kind: row.kind, key: row.key, value: JSON.parse(row.value) as unknown })));
    return state;
  }

  /**
   * Fetches the entities `refs` names that `state` does not hold yet, then those they point at
   * (`follow`), level by level, one indexed query per level; a key with no row is adopted as absent.
   */
  async fill(db: SqlDatabase, state: FillableState, refs: Iterable<EntityRef>, follow: EntityRefsOf): Promise<void> {
    let wanted = unheld(state, refs);
    if (wanted.length === 0) return;
    // Found through the primary key whatever the statistics say (see the projection runner).
    await db.transaction(async (tx) => {
      await tx.exec('SET LOCAL enable_seqscan = off');
      while (wanted.length > 0) wanted = unheld(state, await this.fetchLevel(tx, state, wanted, follow));
    });
  }

  /** Adopts the rows of `wanted` (absent where there is none); returns what the found entities point at. */
  private async fetchLevel(tx: SqlExecutor, state: FillableState, wanted: EntityRef[], follow: EntityRefsOf): Promise<EntityRef[]> {
    const rows = await tx.query<{ kind: string; key: string; value: string }>(
      `SELECT kind, key, value FROM ${this.table} WHERE (kind, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [wanted.map((ref) => ref.kind), wanted.map((ref) => ref.key)],
    );
    const found = new Map<string, unknown>();
    for (const row of rows) found.set(`${row.kind}\u0000${row.key}`, JSON.parse(row.value));
    const next: EntityRef[] = [];
    for (const { kind, key } of wanted) {
      const value = found.get(`${kind}\u0000${key}`);
      state.adopt(kind, key, value);
      if (value !== undefined) next.push(...follow(kind, value));
    }
    return next;
  }

  /**
   * Serialises `changes` (e.g. a `takeDirty()`) now, while the values still are what this batch made
   * them, and returns the write: upserts, then deletes for the entities whose value is undefined.
   */
  changes(changes: Iterable<{ kind: string; key: string; value: unknown }>): KeyedStateWrite {
    const rows = serialise(changes);
    if (rows.length === 0) return NOTHING;
    return (tx) => this.write(tx, rows);
  }

  /** Like `changes`, but the stored state is replaced by `entities` as a whole (a state re-derived from scratch). */
  replaceAll(entities: Iterable<{ kind: string; key: string; value: unknown }>): KeyedStateWrite {
    const rows = serialise(entities);
    return async (tx) => {
      await tx.query(`DELETE FROM ${this.table}`);
      await this.write(tx, rows);
    };
  }

  private async write(tx: SqlExecutor, rows: StateRow[]): Promise<void> {
    const upserts = rows.filter((row) => row.value !== null);
    const deletions = rows.filter((row) => row.value === null);
    if (upserts.length > 0) {
      await tx.query(
        `INSERT INTO ${this.table} (kind, key, value) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
         ON CONFLICT (kind, key) DO UPDATE SET value = EXCLUDED.value`,
        [upserts.map((row) => row.kind), upserts.map((row) => row.key), upserts.map((row) => row.value)],
      );
    }
    if (deletions.length > 0) {
      await tx.query(`DELETE FROM ${this.table} WHERE (kind, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`, [
        deletions.map((row) => row.kind),
        deletions.map((row) => row.key),
      ]);
    }
  }
}

/** The distinct refs `state` neither holds nor knows absent. */
function unheld(state: FillableState, refs: Iterable<EntityRef>): EntityRef[] {
  const seen = new Set<string>();
  const wanted: EntityRef[] = [];
  for (const ref of refs) {
    const id = `${ref.kind}\u0000${ref.key}`;
    if (seen.has(id) || state.holds(ref.kind, ref.key)) continue;
    seen.add(id);
    wanted.push(ref);
  }
  return wanted;
}

function serialise(entities: Iterable<{ kind: string; key: string; value: unknown }>): StateRow[] {
  const rows: StateRow[] = [];
  for (const { kind, key, value } of entities) rows.push({ kind, key, value: value === undefined ? null : JSON.stringify(value) });
  return rows;
}
