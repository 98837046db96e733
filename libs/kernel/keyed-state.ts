/** One entity of a keyed state: its kind, its key and its value (plain JSON). */
export type KeyedEntity<ValueByKind extends object> = {
  [K in keyof ValueByKind & string]: { kind: K; key: string; value: ValueByKind[K] };
}[keyof ValueByKind & string];

/** An entity changed since the last `takeDirty()`; `value` is undefined when it was deleted. */
export type KeyedChange<ValueByKind extends object> = {
  [K in keyof ValueByKind & string]: { kind: K; key: string; value: ValueByKind[K] | undefined };
}[keyof ValueByKind & string];

export interface KeyedStateOptions {
  /** Record changed entities for `takeDirty()` (default true; replays that never persist turn it off). */
  trackDirty?: boolean;
  /**
   * The state holds only some entities, fetched from a store before a batch (`adopt`): a `get` of a
   * key neither held nor known absent returns undefined and is recorded as a miss (`takeMisses`),
   * so the caller can discard the batch's changes (`discardChanges`), fetch what was missed and
   * fold again. Iterating a kind is refused: a partial state cannot see every entity.
   */
  partial?: boolean;
}

/** A fold iterated a kind of a partial state: it needs the whole state (e.g. a plan change re-reads every commission). */
export class WholeStateRequired extends Error {
  constructor(what: string) {
    super(`keyed state: ${what}() cannot see every entity of a partial state`);
    this.name = 'WholeStateRequired';
  }
}

/** Which entity a fold reads: its kind and key. */
export interface EntityRef {
  kind: string;
  key: string;
}

/**
 * Plain JSON entities grouped by kind and key, with change tracking, so a SQL projection can persist
 * exactly what a pure fold reads (one row per entity) and a restart continues from those rows.
 * Values are live objects: callers change them in place and `touch` them.
 */
export class KeyedState<ValueByKind extends object> {
  private readonly maps = new Map<keyof ValueByKind, Map<string, unknown>>();
  private readonly dirty: Map<keyof ValueByKind, Set<string>> | null;
  /** Partial states only: keys known not to exist, and keys read that were neither held nor known absent. */
  private readonly absent: Map<keyof ValueByKind, Set<string>> | null;
  private misses: EntityRef[] = [];

  constructor(
    readonly kinds: readonly (keyof ValueByKind & string)[],
    options: KeyedStateOptions = {},
  ) {
    this.dirty = options.trackDirty === false ? null : new Map();
    this.absent = options.partial ? new Map() : null;
    for (const kind of kinds) {
      this.maps.set(kind, new Map());
      this.dirty?.set(kind, new Set());
      this.absent?.set(kind, new Set());
    }
  }

  get partial(): boolean {
    return this.absent !== null;
  }

  /** Adopts persisted entities as they are (not copied); they do not count as changed. */
  load(entities: Iterable<{ kind: string; key: string; value: unknown }>): this {
    for (const { kind, key, value } of entities) this.map(kind as keyof ValueByKind).set(key, value);
    return this;
  }

  get<K extends keyof ValueByKind>(kind: K, key: string): ValueByKind[K] | undefined {
    const map = this.map(kind);
    const value = map.get(key) as ValueByKind[K] | undefined;
    if (this.absent === null) return value;
    if (value !== undefined) {
      // Most recently used last: eviction starts from the front.
      map.delete(key);
      map.set(key, value);
    } else if (!this.absent.get(kind)?.has(key)) {
      this.misses.push({ kind: kind as string, key });
    }
    return value;
  }

  /** Stores a new or replaced entity and marks it changed. */
  put<K extends keyof ValueByKind>(kind: K, key: string, value: ValueByKind[K]): void {
    this.map(kind).set(key, value);
    this.absent?.get(kind)?.delete(key);
    this.touch(kind, key);
  }

  delete(kind: keyof ValueByKind, key: string): void {
    this.map(kind).delete(key);
    this.absent?.get(kind)?.add(key);
    this.touch(kind, key);
  }

  /** Partial states: whether `get` would answer for the key without a miss. */
  holds(kind: string, key: string): boolean {
    return this.map(kind as keyof ValueByKind).has(key) || this.absent?.get(kind as keyof ValueByKind)?.has(key) === true;
  }

  /** Partial states: takes in a fetched entity, or (value undefined) the knowledge that it does not exist. Not a change. */
  adopt(kind: string, key: string, value: unknown): void {
    const absent = this.absent?.get(kind as keyof ValueByKind);
    if (!absent) throw new Error('keyed state: adopt is for partial states');
    if (value === undefined) absent.add(key);
    else this.map(kind as keyof ValueByKind).set(key, value);
  }

  /** Partial states: the keys read since the last call that were neither held nor known absent, then forgets them. */
  takeMisses(): EntityRef[] {
    const misses = this.misses;
    this.misses = [];
    return misses;
  }

  /**
   * Partial states: forgets every entity changed since the last `takeDirty()` (and the misses), so
   * the next read fetches what the store holds: the batch's changes are undone and it can be folded
   * again. Returns the entities it forgot.
   */
  discardChanges(): EntityRef[] {
    if (this.absent === null || this.dirty === null)
      throw new Error('keyed state: discardChanges needs a partial state that tracks changes');
    const forgotten: EntityRef[] = [];
    for (const kind of this.kinds) {
      const keys = this.dirty.get(kind) as Set<string>;
      for (const key of keys) {
        this.map(kind).delete(key);
        this.absent.get(kind)?.delete(key);
        forgotten.push({ kind, key });
      }
      keys.clear();
    }
    this.misses = [];
    return forgotten;
  }

  /** How many entities (and, in a partial state, known absences) are held. */
  held(): number {
    let count = 0;
    for (const kind of this.kinds) count += this.map(kind).size + (this.absent?.get(kind)?.size ?? 0);
    return count;
  }

  /**
   * Partial states: lets go of the least recently used unchanged entities and absences until at
   * most `limit` are held, each kind in proportion to what it holds.
   */
  shrinkTo(limit: number): void {
    const held = this.held();
    if (this.absent === null || held <= limit) return;
    const keep = limit / held;
    for (const kind of this.kinds) {
      const dirty = this.dirty?.get(kind);
      for (const entries of [this.map(kind), this.absent.get(kind) as Set<string>]) {
        let excess = entries.size - Math.floor(entries.size * keep);
        for (const key of entries.keys()) {
          if (excess <= 0) break;
          if (dirty?.has(key)) continue;
          entries.delete(key);
          excess -= 1;
        }
      }
    }
  }

  /** Marks an entity changed after it was changed in place. */
  touch(kind: keyof ValueByKind, key: string): void {
    this.dirty?.get(kind)?.add(key);
  }

  values<K extends keyof ValueByKind>(kind: K): IterableIterator<ValueByKind[K]> {
    this.requireWhole('values');
    return this.map(kind).values() as IterableIterator<ValueByKind[K]>;
  }

  /** How many entities of `kind` there are (a partial state: how many it holds). */
  size(kind: keyof ValueByKind): number {
    return this.map(kind).size;
  }

  /** Entities changed since the last call, then forgets them. Values are live, like `entities()`. */
  takeDirty(): KeyedChange<ValueByKind>[] {
    if (this.dirty === null) throw new Error('keyed state: dirty tracking is off (trackDirty: false)');
    const changed: { kind: keyof ValueByKind & string; key: string; value: unknown }[] = [];
    for (const kind of this.kinds) {
      const keys = this.dirty.get(kind) as Set<string>;
      for (const key of keys) changed.push({ kind, key, value: this.map(kind).get(key) });
      keys.clear();
    }
    return changed as KeyedChange<ValueByKind>[];
  }

  /** Every entity, grouped by kind in the order of `kinds`. Values are live: serialise them before the next change. */
  *entities(): IterableIterator<KeyedEntity<ValueByKind>> {
    this.requireWhole('entities');
    for (const kind of this.kinds) for (const [key, value] of this.map(kind)) yield { kind, key, value } as KeyedEntity<ValueByKind>;
  }

  private requireWhole(what: string): void {
    if (this.absent !== null) throw new WholeStateRequired(what);
  }

  private map(kind: keyof ValueByKind): Map<string, unknown> {
    const map = this.maps.get(kind);
    if (!map) throw new Error(`keyed state: unknown entity kind "${String(kind)}"`);
    return map;
  }
}
