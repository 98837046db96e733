/**
 * Plain JSON entities grouped by kind and key, with change tracking, so a SQL projection can persist
 * exactly what a pure fold reads (one row per entity) and a restart continues from those rows.
 * Values are live objects: callers change them in place and `touch` them.
 */
export class KeyedState<ValueByKind extends object> {
  private readonly maps = new Map<keyof ValueByKind, Map<string, unknown>>();
  private readonly dirty = new Map<keyof ValueByKind, Set<string>>();

  constructor(readonly kinds: readonly (keyof ValueByKind & string)[]) {
    for (const kind of kinds) {
      this.maps.set(kind, new Map());
      this.dirty.set(kind, new Set());
    }
  }

  /** Adopts persisted entities as they are; they do not count as changed. */
  load(entities: Iterable<{ kind: string; key: string; value: unknown }>): this {
    for (const { kind, key, value } of entities) this.map(kind as keyof ValueByKind).set(key, value);
    return this;
  }

  get<K extends keyof ValueByKind>(kind: K, key: string): ValueByKind[K] | undefined {
    return this.map(kind).get(key) as ValueByKind[K] | undefined;
  }

  put<K extends keyof ValueByKind>(kind: K, key: string, value: ValueByKind[K]): void {
    this.map(kind).set(key, value);
    this.touch(kind, key);
  }

  delete(kind: keyof ValueByKind, key: string): void {
    this.map(kind).delete(key);
    this.touch(kind, key);
  }

  touch(kind: keyof ValueByKind, key: string): void {
    this.dirty.get(kind)?.add(key);
  }

  values<K extends keyof ValueByKind>(kind: K): IterableIterator<ValueByKind[K]> {
    return this.map(kind).values() as IterableIterator<ValueByKind[K]>;
  }

  /** Entities changed since the last call; `value` is undefined for a deleted one. */
  takeDirty(): { kind: keyof ValueByKind & string; key: string; value: unknown }[] {
    const changed: { kind: keyof ValueByKind & string; key: string; value: unknown }[] = [];
    for (const kind of this.kinds) {
      const keys = this.dirty.get(kind) as Set<string>;
      for (const key of keys) changed.push({ kind, key, value: this.map(kind).get(key) });
      keys.clear();
    }
    return changed;
  }

  /** Every entity, for snapshots and tests. */
  *entities(): IterableIterator<{ kind: keyof ValueByKind & string; key: string; value: unknown }> {
    for (const kind of this.kinds) for (const [key, value] of this.map(kind)) yield { kind, key, value };
  }

  private map(kind: keyof ValueByKind): Map<string, unknown> {
    const map = this.maps.get(kind);
    if (!map) throw new Error(`keyed state: unknown entity kind "${String(kind)}"`);
    return map;
  }
}
