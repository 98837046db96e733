import { eventIdFor, uuidV5 } from './event-id';

describe('derived event ids', () => {
  it('computes RFC 9562 UUID v5 (the RFC example: www.example.com in the DNS namespace)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('gives the same id for the same (source, id) and different ids otherwise', () => {
    const id = eventIdFor('crm', 'evt-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(eventIdFor('crm', 'evt-1')).toBe(id);
    expect(eventIdFor('billing', 'evt-1')).not.toBe(id);
    expect(eventIdFor('crm', 'evt-2')).not.toBe(id);
  });

  it('keeps the boundary between source and id', () => {
    expect(eventIdFor('a', 'b:c')).not.toBe(eventIdFor('a:b', 'c'));
    expect(eventIdFor('ab', 'c')).not.toBe(eventIdFor('a', 'bc'));
  });

  it('rejects a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(/namespace must be a UUID/);
  });
});
