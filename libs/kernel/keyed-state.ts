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
}

/**
 * Plain JSON entities grouped by kind and key, with change tracking, so a SQL projection can persist
 * exactly what a pure fold reads (one row per entity) and a restart continues from those rows.
 * Values are live objects: callers change them in place and `touch` them.
 */
export class KeyedState<ValueByKind extends object> {
  private readonly maps = new Map<keyof ValueByKind, Map<string, unknown>>();
  private readonly dirty: Map<keyof ValueByKind, Set<string>> | null;

  constructor(
    readonly kinds: readonly (keyof ValueByKind & string)[],
    options: KeyedStateOptions = {},
  ) {
    this.dirty = options.trackDirty === false ? null : new Map();
    for (const kind of kinds) {
      this.maps.set(kind, new Map());
      this.dirty?.set(kind, new Set());
    }
  }

  /** Adopts persisted entities as they are (not copied); they do not count as changed. */
  load(entities: Iterable<{ kind: string; key: string; value: unknown }>): this {
    for (const { kind, key, value } of entities) this.map(kind as keyof ValueByKind).set(key, value);
    return this;
  }

  get<K extends keyof ValueByKind>(kind: K, key: string): ValueByKind[K] | undefined {
    return this.map(kind).get(key) as ValueByKind[K] | undefined;
  }

  /** Stores a new or replaced entity and marks it changed. */
  put<K extends keyof ValueByKind>(kind: K, key: string, value: ValueByKind[K]): void {
    this.map(kind).set(key, value);
    this.touch(kind, key);
  }

  delete(kind: keyof ValueByKind, key: string): void {
    this.map(kind).delete(key);
    this.touch(kind, key);
  }

  /** Marks an entity changed after it was changed in place. */
  touch(kind: keyof ValueByKind, key: string): void {
    this.dirty?.get(kind)?.add(key);
  }

  values<K extends keyof ValueByKind>(kind: K): IterableIterator<ValueByKind[K]> {
    return this.map(kind).values() as IterableIterator<ValueByKind[K]>;
  }

  /** How many entities of `kind` there are. */
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
    for (const kind of this.kinds) for (const [key, value] of this.map(kind)) yield { kind, key, value } as KeyedEntity<ValueByKind>;
  }

  private map(kind: keyof ValueByKind): Map<string, unknown> {
    const map = this.maps.get(kind);
    if (!map) throw new Error(`keyed state: unknown entity kind "${String(kind)}"`);
    return map;
  }
}
