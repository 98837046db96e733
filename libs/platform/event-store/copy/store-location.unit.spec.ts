import { describeLocation, sameLocation, storeLocation } from './store-location';

describe('store locations for copy-events', () => {
  it('reads each kind from its own options', () => {
    expect(storeLocation({ option: '--from', kind: 'embedded', dataDir: '/data/ledger' }, './data')).toEqual({
      kind: 'embedded',
      dataDir: '/data/ledger',
    });
    expect(storeLocation({ option: '--from', kind: 'embedded' }, '/srv/data')).toEqual({ kind: 'embedded', dataDir: '/srv/data' });
    expect(storeLocation({ option: '--to', kind: 'postgres', url: 'postgres://db/ledger' }, './data')).toEqual({
      kind: 'postgres',
      url: 'postgres://db/ledger',
    });
    expect(storeLocation({ option: '--to', kind: 'eventstoredb', url: 'esdb://h:2113?tls=false', namespace: 'eu' }, './data')).toEqual({
      kind: 'eventstoredb',
      url: 'esdb://h:2113?tls=false',
      namespace: 'eu',
    });
  });

  it.each([
    [{ option: '--from' }, /^--from: is required \(embedded, postgres or eventstoredb\)$/],
    [{ option: '--from', kind: 'mongo' }, /^--from: must be embedded, postgres or eventstoredb, got "mongo"$/],
    [{ option: '--to', kind: 'postgres' }, /^--to-url: is required for --to postgres$/],
    [{ option: '--to', kind: 'eventstoredb', dataDir: 'x', url: 'esdb://h' }, /^--to-data-dir: only applies to --to embedded/],
    [{ option: '--from', kind: 'embedded', url: 'postgres://x' }, /^--from-url: an embedded store has no URL/],
    [
      { option: '--from', kind: 'postgres', url: 'postgres://x', namespace: 'n' },
      /^--from-namespace: only applies to --from eventstoredb$/,
    ],
  ])('names the option and the reason for %j', (options, message) => {
    expect(() => storeLocation(options, './data')).toThrow(message);
  });

  it('hides passwords and recognises the same store twice', () => {
    expect(describeLocation({ kind: 'postgres', url: 'postgres://app:secret@db:5432/ledger' })).toBe(
      'postgres postgres://app:***@db:5432/ledger',
    );
    expect(describeLocation({ kind: 'eventstoredb', url: 'esdb://admin:changeit@h:2113' })).toBe(
      'eventstoredb esdb://admin:***@h:2113 (namespace ledger)',
    );
    expect(sameLocation({ kind: 'eventstoredb', url: 'esdb://h', namespace: 'ledger' }, { kind: 'eventstoredb', url: 'esdb://h' })).toBe(
      true,
    );
    expect(sameLocation({ kind: 'eventstoredb', url: 'esdb://h', namespace: 'a' }, { kind: 'eventstoredb', url: 'esdb://h' })).toBe(false);
    expect(sameLocation({ kind: 'embedded', dataDir: '/a' }, { kind: 'postgres', url: '/a' })).toBe(false);
  });
});
