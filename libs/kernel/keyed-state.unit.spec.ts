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
});
