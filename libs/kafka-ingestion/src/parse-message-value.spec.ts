import { parseMessageValue } from './parse-message-value';

describe('parseMessageValue', () => {
  it('parses UTF-8 JSON', () => {
    expect(parseMessageValue(Buffer.from('{"id":"é"}'))).toEqual({ ok: true, value: { id: 'é' } });
  });

  it.each([
    [null, /has no value/],
    [Buffer.alloc(0), /has no value/],
    [Buffer.from([0x7b, 0xff, 0x7d]), /not valid UTF-8/],
    [Buffer.from('{"id": '), /not valid JSON/],
  ])('refuses %p with a message at the root path', (value, message) => {
    const parsed = parseMessageValue(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors).toEqual([{ path: '', message: expect.stringMatching(message) }]);
  });
});
