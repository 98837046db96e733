import { canonicalJson } from './canonical-json';
import type { CloudEvent } from '@ledger/contracts';
import { contentHash } from '@ledger/contracts';

describe('canonicalJson', () => {
  it('sorts keys and leaves out whitespace', () => {
    expect(canonicalJson({ b: 1, a: 'x', c: [true, null] })).toBe('{"a":"x","b":1,"c":[true,null]}');
  });

  it('does not depend on key order, at any depth', () => {
    const one = { id: 'e', data: { amount: { amount: '1.00', currency: 'USD' }, utm: { z: '1', a: '2' } } };
    const other = { data: { utm: { a: '2', z: '1' }, amount: { currency: 'USD', amount: '1.00' } }, id: 'e' };
    expect(canonicalJson(one)).toBe(canonicalJson(other));
    expect(canonicalJson(one)).toBe('{"data":{"amount":{"amount":"1.00","currency":"USD"},"utm":{"a":"2","z":"1"}},"id":"e"}');
  });

  it('sorts objects inside arrays but keeps the order of array items', () => {
    expect(canonicalJson([{ b: 1, a: 2 }, 3, 'x'])).toBe('[{"a":2,"b":1},3,"x"]');
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('sorts keys as strings, integer-like keys included (unlike JavaScript property order)', () => {
    expect(canonicalJson({ b: 0, 10: 0, 2: 0, a: 0 })).toBe('{"10":0,"2":0,"a":0,"b":0}');
  });

  it('tells different content apart', () => {
    expect(canonicalJson({ amount: '1.0' })).not.toBe(canonicalJson({ amount: '1.00' }));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
  });

  it('escapes strings and keys like JSON.stringify', () => {
    expect(canonicalJson({ 'k"ey': 'line\nbreak "quoted" é' })).toBe(JSON.stringify({ 'k"ey': 'line\nbreak "quoted" é' }));
  });

  it('leaves out undefined members like JSON.stringify, and writes them as null in arrays', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson([undefined])).toBe('[null]');
  });

  it('writes scalars like JSON.stringify', () => {
    expect(canonicalJson('x')).toBe('"x"');
    expect(canonicalJson(1.5)).toBe('1.5');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson([])).toBe('[]');
  });

  it('refuses values without a JSON form', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson(10n)).toThrow(TypeError);
  });
});

describe('contentHash', () => {
  const event: CloudEvent = {
    specversion: '1.0',
    id: 'evt-1',
    source: 'crm',
    type: 'invoice.paid',
    time: '2026-03-04T10:00:00Z',
    data: { invoiceId: 'INV-1', customerId: 'C-1', amount: { amount: '10.00', currency: 'USD' } },
  };

  it('is the sha256 hex of the canonical JSON', () => {
    expect(contentHash(event)).toMatch(/^[0-9a-f]{64}$/);
    const reordered = JSON.parse(canonicalJson(event)) as CloudEvent;
    const { data, ...rest } = event;
    expect(contentHash({ data, ...rest })).toBe(contentHash(event));
    expect(contentHash(reordered)).toBe(contentHash(event));
  });

  it('changes with any change of content', () => {
    const changed = { ...event, data: { ...(event.data as object), amount: { amount: '10.01', currency: 'USD' } } };
    expect(contentHash(changed)).not.toBe(contentHash(event));
    expect(contentHash({ ...event, partitionkey: 'x' })).not.toBe(contentHash(event));
  });
});
