import { StreamNames } from './stream-names';

describe('stream names', () => {
  it('puts the ledger streams and the idempotency keys under different prefixes of one namespace', () => {
    const names = new StreamNames();
    expect(names.eventStream('partner-P-1')).toBe('ledger:partner-P-1');
    expect(names.keyStream('2ed6657d-e927-568b-95e1-2665a8aea6a2')).toBe('ledger.key:2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(names.ledgerStreamId('ledger:partner-P-1')).toBe('partner-P-1');
  });

  it('recognises only its own event streams: not key streams, system streams or other namespaces', () => {
    const names = new StreamNames('tenant-a');
    expect(names.ledgerStreamId(names.keyStream('x'))).toBeUndefined();
    expect(names.ledgerStreamId('$stats-127.0.0.1:2113')).toBeUndefined();
    expect(names.ledgerStreamId('ledger:partner-P-1')).toBeUndefined();
    expect(names.ledgerStreamId('tenant-a:$odd')).toBe('$odd');
    // A namespace cannot contain ".", so no namespace's events can look like another one's keys.
    expect(() => new StreamNames('tenant-a.key')).toThrow(/namespace must be 1 to 64 letters/);
  });

  it('rejects empty stream ids and malformed namespaces', () => {
    expect(() => new StreamNames().eventStream('')).toThrow(/non-empty/);
    expect(() => new StreamNames('')).toThrow(/got ""/);
    expect(() => new StreamNames('a:b')).toThrow(/got "a:b"/);
  });
});
