import { parseMessageValue } from './parse-message-value';

describe('parseMessageValue', () => {
  it('parses UTF-8 JSON', () => {
    expect(parseMessageValue(Buffer.from('{"id":"é"}'))).toEqual({ ok: true, value: { id: 'é' } });
  });

  it.each([
    [null, /has no value/],
    [Buffer.alloc(0), /has no value/],
    [Buffer.from([0x7b, 0xff, 0x7d]), /^the message value is not valid UTF-8 text \(byte 0xFF at offset 1\)/],
    [Buffer.from('{"id": '), /^the message value is not valid JSON/],
  ])('refuses %p with a message at the root path', (value, message) => {
    const parsed = parseMessageValue(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors).toEqual([{ path: '', message: expect.stringMatching(message) }]);
  });

  it.each([
    [
      'bytes that are not UTF-8 in a string',
      Buffer.concat([Buffer.from('{"id":"evt-'), Buffer.from([0xfe]), Buffer.from('"}')]),
      'id',
      /^is not valid UTF-8 text \(byte 0xFE at offset 11 of the message value\)$/,
    ],
    ['a repeated key', Buffer.from('{"id":"a","data":{"partnerId":"P-1","partnerId":"P-2"}}'), 'data.partnerId', /repeated in this object/],
    [
      '65 levels of nesting',
      Buffer.from(`{"data":${'['.repeat(64)}${']'.repeat(64)}}`),
      `data${'[0]'.repeat(63)}`,
      /deeper than 64 levels/,
    ],
    ['an unpaired surrogate', Buffer.from('{"id":"\\udfff"}'), 'id', /unpaired surrogate/],
  ])('refuses %s, naming its JSON path', (_case, value, path, message) => {
    const parsed = parseMessageValue(value);
    expect(parsed).toEqual({ ok: false, errors: [{ path, message: expect.stringMatching(message) }] });
  });

  it('leaves a NUL character to the event contract', () => {
    expect(parseMessageValue(Buffer.from('{"id":"a\\u0000b"}'))).toEqual({ ok: true, value: { id: 'a\u0000b' } });
  });
});
