import { NO_STREAM } from '@eventstore/db-client';
import { KEY_RELEASED, KEY_RESERVED, KEY_STORED, keyStateOf } from './key-index';

describe('idempotency key states', () => {
  const created = new Date('2026-03-04T10:00:00Z');

  it('is free to reserve with "no stream" when the key stream does not exist', () => {
    expect(keyStateOf(undefined)).toEqual({ kind: 'free', next: NO_STREAM });
  });

  it('follows reserved → stored, and reserved → released → free again', () => {
    const reservation = { streamId: 's', contentHash: 'h', expectedRevision: 'any', event: {} };
    expect(keyStateOf({ type: KEY_RESERVED, data: reservation, revision: 0n, created })).toEqual({
      kind: 'reserved',
      keyRevision: 0n,
      reservation,
      reservedAt: created,
    });
    const stored = { streamId: 's', revision: 3, position: 4711, contentHash: 'h' };
    expect(keyStateOf({ type: KEY_STORED, data: stored, revision: 1n, created })).toEqual({ kind: 'stored', keyRevision: 1n, stored });
    expect(keyStateOf({ type: KEY_RELEASED, data: { reason: 'x' }, revision: 1n, created })).toEqual({ kind: 'free', next: 1n });
  });

  it('refuses a record it does not know rather than guessing', () => {
    expect(() => keyStateOf({ type: 'something-else', data: {}, revision: 0n, created })).toThrow(/unknown record type "something-else"/);
  });
});
