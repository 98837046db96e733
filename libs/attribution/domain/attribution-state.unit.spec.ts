import { AttributionState } from './attribution-state';
import { applyEvent } from './apply-event';
import { DEFAULT_POLICY } from './policy';
import { History } from './testing/history';

const options = { policy: DEFAULT_POLICY, recurringMonths: 12 };

describe('AttributionState', () => {
  it('groups plain JSON entities by kind and key', () => {
    const state = new AttributionState();
    const history = new History()
      .enroll('P-1')
      .issue('K1', 'P-1')
      .click('P-1', 'V-1', '2026-02-01T00:00:00Z')
      .identify('CU-1', { visitorId: 'V-1', accountDomain: 'www.Acme.com' });
    for (const event of history.events) applyEvent(state, event, options);
    const entities = [...state.entities()];
    expect(entities.map((e) => `${e.kind}:${e.key}`)).toEqual(['partner:P-1', 'coupon:K1', 'visitor:V-1', 'customer:CU-1']);
    expect(JSON.parse(JSON.stringify(entities))).toEqual(entities);
    expect(state.get('customer', 'CU-1')?.domains).toEqual([{ domain: 'acme.com', at: Date.parse('2026-01-01T00:00:00Z'), position: 4 }]);
  });

  it('takeDirty returns what changed since the previous call, then forgets it', () => {
    const state = new AttributionState();
    const history = new History().enroll('P-1').enroll('P-2').click('P-1', 'V-1', '2026-02-01T00:00:00Z');
    applyEvent(state, history.events[0], options);
    applyEvent(state, history.events[1], options);
    expect(state.takeDirty().map((e) => e.key)).toEqual(['P-1', 'P-2']);
    expect(state.takeDirty()).toEqual([]);
    applyEvent(state, history.events[2], options);
    expect(state.takeDirty()).toEqual([
      {
        kind: 'visitor',
        key: 'V-1',
        value: { clicks: [{ eventId: 'evt-3', partnerId: 'P-1', at: Date.parse('2026-02-01T00:00:00Z'), position: 3 }] },
      },
    ]);
  });

  it('loaded entities are not dirty; unknown kinds are refused', () => {
    const state = AttributionState.fromEntities([{ kind: 'coupon', key: 'K1', value: { partnerId: 'P-1', issuedAt: 0, position: 1 } }]);
    expect(state.takeDirty()).toEqual([]);
    expect(state.get('coupon', 'K1')?.partnerId).toBe('P-1');
    expect(() => AttributionState.fromEntities([{ kind: 'nope', key: 'x', value: {} } as never])).toThrow('unknown entity kind "nope"');
  });

  it('refuses takeDirty when tracking is off', () => {
    expect(() => new AttributionState({ trackDirty: false }).takeDirty()).toThrow('dirty tracking is off');
  });

  it('ignores event types attribution does not use', () => {
    const state = new AttributionState();
    const history = new History();
    history.add('invoice.refunded', '2026-02-01T00:00:00Z', { invoiceId: 'I-1', amount: { amount: '1.00', currency: 'USD' } });
    history.add('attribution.decided', '2026-02-01T00:00:00Z', {});
    for (const event of history.events) expect(applyEvent(state, event, options)).toEqual([]);
    expect([...state.entities()]).toEqual([]);
  });
});
