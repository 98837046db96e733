import { KeyedState } from './keyed-state';

interface Entities {
  partner: { name: string };
  coupon: { partnerId: string };
}

describe('KeyedState', () => {
  it('tracks puts, in-place changes (touch) and deletes until takeDirty, kind by kind', () => {
    const state = new KeyedState<Entities>(['partner', 'coupon']);
    state.put('coupon', 'K1', { partnerId: 'P-1' });
    state.put('partner', 'P-1', { name: 'Acme' });
    expect(state.takeDirty()).toEqual([
      { kind: 'partner', key: 'P-1', value: { name: 'Acme' } },
      { kind: 'coupon', key: 'K1', value: { partnerId: 'P-1' } },
    ]);
    expect(state.takeDirty()).toEqual([]);
    (state.get('partner', 'P-1') as { name: string }).name = 'Acme Inc';
    state.touch('partner', 'P-1');
    state.delete('coupon', 'K1');
    expect(state.takeDirty()).toEqual([
      { kind: 'partner', key: 'P-1', value: { name: 'Acme Inc' } },
      { kind: 'coupon', key: 'K1', value: undefined },
    ]);
    expect(state.size('coupon')).toBe(0);
  });

  it('adopts loaded entities without marking them, and refuses unknown kinds', () => {
    const state = new KeyedState<Entities>(['partner', 'coupon']).load([{ kind: 'partner', key: 'P-1', value: { name: 'Acme' } }]);
    expect(state.takeDirty()).toEqual([]);
    expect([...state.entities()]).toEqual([{ kind: 'partner', key: 'P-1', value: { name: 'Acme' } }]);
    expect(() => state.load([{ kind: 'visitor', key: 'V', value: {} }])).toThrow('unknown entity kind "visitor"');
  });

  it('records nothing with trackDirty off, and says so when asked for changes', () => {
    const state = new KeyedState<Entities>(['partner', 'coupon'], { trackDirty: false });
    state.put('partner', 'P-1', { name: 'Acme' });
    expect(state.get('partner', 'P-1')).toEqual({ name: 'Acme' });
    expect(() => state.takeDirty()).toThrow('dirty tracking is off');
  });

  describe('partial', () => {
    it('answers held and known-absent keys, and records a miss for a key it knows nothing about', () => {
      const state = new KeyedState<Entities>(['partner', 'coupon'], { partial: true });
      state.adopt('partner', 'P-1', { name: 'Acme' });
      state.adopt('partner', 'P-2', undefined);
      expect(state.get('partner', 'P-1')).toEqual({ name: 'Acme' });
      expect(state.get('partner', 'P-2')).toBeUndefined();
      expect(state.get('coupon', 'K1')).toBeUndefined();
      expect(state.takeMisses()).toEqual([{ kind: 'coupon', key: 'K1' }]);
      expect(state.takeMisses()).toEqual([]);
      expect(state.takeDirty()).toEqual([]); // adopting is not a change
    });

    it('forgets the changes of a discarded fold, so the next read fetches the stored entity again', () => {
      const state = new KeyedState<Entities>(['partner', 'coupon'], { partial: true });
      state.adopt('partner', 'P-1', { name: 'Acme' });
      (state.get('partner', 'P-1') as { name: string }).name = 'changed in place';
      state.touch('partner', 'P-1');
      state.put('coupon', 'K1', { partnerId: 'P-1' });
      state.get('coupon', 'K2');
      expect(state.discardChanges()).toEqual([
        { kind: 'partner', key: 'P-1' },
        { kind: 'coupon', key: 'K1' },
      ]);
      expect(state.holds('partner', 'P-1')).toBe(false);
      expect(state.holds('coupon', 'K1')).toBe(false);
      expect(state.takeMisses()).toEqual([]);
      expect(state.takeDirty()).toEqual([]);
    });

    it('a delete makes the key known absent; a put makes it held', () => {
      const state = new KeyedState<Entities>(['partner', 'coupon'], { partial: true });
      state.adopt('coupon', 'K1', { partnerId: 'P-1' });
      state.delete('coupon', 'K1');
      expect(state.get('coupon', 'K1')).toBeUndefined();
      state.adopt('coupon', 'K2', undefined);
      state.put('coupon', 'K2', { partnerId: 'P-2' });
      expect(state.get('coupon', 'K2')).toEqual({ partnerId: 'P-2' });
      expect(state.takeMisses()).toEqual([]);
    });

    it('shrinks to a limit, letting the least recently used unchanged entries go first', () => {
      const state = new KeyedState<Entities>(['partner', 'coupon'], { partial: true });
      for (const id of ['P-1', 'P-2', 'P-3', 'P-4']) state.adopt('partner', id, { name: id });
      state.get('partner', 'P-1'); // used again: now the most recent
      state.put('partner', 'P-5', { name: 'new' }); // changed and not yet taken: kept
      state.shrinkTo(2);
      expect(['P-1', 'P-2', 'P-3', 'P-4', 'P-5'].filter((id) => state.holds('partner', id))).toEqual(['P-1', 'P-5']);
      state.takeDirty();
      state.shrinkTo(0);
      expect(state.held()).toBe(0);
    });

    it('refuses to iterate, since it cannot see every entity', () => {
      const state = new KeyedState<Entities>(['partner', 'coupon'], { partial: true });
      expect(() => [...state.values('partner')]).toThrow('partial state');
      expect(() => [...state.entities()]).toThrow('partial state');
      expect(() => new KeyedState<Entities>(['partner']).adopt('partner', 'P-1', {})).toThrow('partial states');
    });
  });
});
