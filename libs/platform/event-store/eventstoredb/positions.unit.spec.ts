import { START } from '@eventstore/db-client';
import { toEventStorePosition, toLedgerPosition } from './positions';

describe('position mapping', () => {
  it('maps a self-committed event (commit = prepare) to its log offset', () => {
    expect(toLedgerPosition({ commit: 4711n, prepare: 4711n })).toBe(4711);
    expect(toLedgerPosition({ commit: 2n ** 53n - 1n, prepare: 2n ** 53n - 1n })).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses what one JS number cannot hold exactly, instead of rounding', () => {
    expect(() => toLedgerPosition({ commit: 2n ** 53n, prepare: 2n ** 53n })).toThrow(/outside 1\.\.2\^53-1/);
    expect(() => toLedgerPosition({ commit: 10n, prepare: 8n })).toThrow(/commit and prepare differ/);
    expect(() => toLedgerPosition({ commit: 0n, prepare: 0n })).toThrow(/outside/);
  });

  it('names the server version when the position is missing', () => {
    expect(() => toLedgerPosition(undefined)).toThrow(/22\.6 or later/);
    expect(() => toLedgerPosition({ commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n })).toThrow(/did not report/);
  });

  it('reads from the start for 0 and after the event at any other position', () => {
    expect(toEventStorePosition(0)).toBe(START);
    expect(toEventStorePosition(4711)).toEqual({ commit: 4711n, prepare: 4711n });
    expect(toLedgerPosition(toEventStorePosition(4711) as { commit: bigint; prepare: bigint })).toBe(4711);
  });

  it('rejects positions that are not non-negative safe integers', () => {
    expect(() => toEventStorePosition(-1)).toThrow(RangeError);
    expect(() => toEventStorePosition(1.5)).toThrow(RangeError);
    expect(() => toEventStorePosition(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });
});
