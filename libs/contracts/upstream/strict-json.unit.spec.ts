import { MAX_JSON_DEPTH, decodeUtf8, parseStrictJson } from './strict-json';

const subject = 'the request body';
const parse = (input: string | Uint8Array) => parseStrictJson(input, { subject });
const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));
const nested = (levels: number) => `${'{"a":'.repeat(levels - 1)}[]${'}'.repeat(levels - 1)}`;

describe('parseStrictJson', () => {
  it('parses UTF-8 JSON like JSON.parse', () => {
    const text = '{"id":"é","list":[1,{"x":null}],"e":"\\u00e9","pair":"\\ud83d\\ude00","nul":"a\\u0000b"}';
    expect(parse(Buffer.from(text))).toEqual({ ok: true, value: JSON.parse(text) });
    expect(parse(text)).toEqual({ ok: true, value: JSON.parse(text) });
  });

  it('drops a leading byte order mark', () => {
    expect(parse(bytes([0xef, 0xbb, 0xbf], '{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
  });

  describe('bytes that are not UTF-8', () => {
    it.each([
      [
        'a lone continuation byte in a value',
        bytes('{"id":"a', [0x80], 'b"}'),
        'id',
        'is not valid UTF-8 text (byte 0x80 at offset 8 of the request body)',
      ],
      [
        '0xFF in a nested value',
        bytes('[{"data":{"name":"', [0xff], '"}}]'),
        '[0].data.name',
        'is not valid UTF-8 text (byte 0xFF at offset 18 of the request body)',
      ],
      [
        'a sequence cut short in a value',
        bytes('{"id":"é', [0xc3], '"}'),
        'id',
        'is not valid UTF-8 text (byte 0xC3 at offset 9 of the request body)',
      ],
      [
        'an overlong encoding of "/"',
        bytes('{"p":"', [0xc0, 0xaf], '"}'),
        'p',
        'is not valid UTF-8 text (byte 0xC0 at offset 6 of the request body)',
      ],
      [
        'an encoded surrogate',
        bytes('{"p":"', [0xed, 0xa0, 0x80], '"}'),
        'p',
        'is not valid UTF-8 text (byte 0xED at offset 6 of the request body)',
      ],
    ])('refuses %s, naming the string', (_case, input, path, message) => {
      expect(parse(input)).toEqual({ ok: false, errors: [{ path, message }] });
    });

    it('names the whole body when the bad byte is outside any string', () => {
      expect(parse(bytes('{', [0xff], '}'))).toEqual({
        ok: false,
        errors: [{ path: '', message: 'the request body is not valid UTF-8 text (byte 0xFF at offset 1); send JSON encoded as UTF-8' }],
      });
      expect(parse(bytes('{"a":"b"}', [0xe2, 0x82]))).toEqual({
        ok: false,
        errors: [{ path: '', message: expect.stringContaining('byte 0xE2 at offset 9') }],
      });
    });

    it('never lets two different byte strings read as the same id', () => {
      const first = parse(bytes('{"id":"', [0xff], '"}'));
      const second = parse(bytes('{"id":"', [0xfe], '"}'));
      expect([first.ok, second.ok]).toEqual([false, false]);
    });

    it('decodeUtf8 is fatal and says where', () => {
      expect(decodeUtf8(Buffer.from('ok é'))).toEqual({ ok: true, text: 'ok é' });
      expect(decodeUtf8(bytes('ok ', [0xe9]))).toEqual({ ok: false, offset: 3 });
    });
  });

  describe('repeated keys', () => {
    it('refuses a key given twice in one object, naming it', () => {
      expect(parse('{"partnerId":"P-1","amount":{"amount":"1.00","currency":"USD"},"partnerId":"P-2"}')).toEqual({
        ok: false,
        errors: [{ path: 'partnerId', message: 'is repeated in this object; a field may appear only once' }],
      });
    });

    it('compares keys after escapes are decoded', () => {
      expect(parse('{"data":{"a":1,"\\u0061":2}}')).toEqual({
        ok: false,
        errors: [{ path: 'data.a', message: expect.stringMatching(/repeated/) }],
      });
    });

    it('names every repeat, inside arrays too', () => {
      const result = parse('[{"id":"1"},{"id":"2","x":{"k-1":1,"k-1":2},"id":"3"}]');
      expect(result).toEqual({
        ok: false,
        errors: [
          { path: '[1].x["k-1"]', message: expect.stringMatching(/repeated/) },
          { path: '[1].id', message: expect.stringMatching(/repeated/) },
        ],
      });
    });

    it('allows the same key in different objects', () => {
      expect(parse('{"a":{"id":1},"b":{"id":2},"c":[{"id":3},{"id":4}]}').ok).toBe(true);
    });
  });

  describe('nesting', () => {
    it(`accepts ${MAX_JSON_DEPTH} levels`, () => {
      expect(parse(nested(MAX_JSON_DEPTH)).ok).toBe(true);
      expect(parse(`${'['.repeat(64)}${']'.repeat(64)}`).ok).toBe(true);
    });

    it('refuses 65 levels, naming where the 65th opens', () => {
      expect(parse(nested(65))).toEqual({
        ok: false,
        errors: [{ path: `${'a.'.repeat(63)}a`, message: 'nests deeper than 64 levels of objects and arrays' }],
      });
      expect(parse(`${'['.repeat(65)}${']'.repeat(65)}`)).toEqual({
        ok: false,
        errors: [{ path: '[0]'.repeat(64), message: expect.stringMatching(/deeper than 64/) }],
      });
    });

    it('refuses a million levels quickly, even unbalanced', () => {
      const started = Date.now();
      expect(parse('['.repeat(1_000_000))).toEqual({
        ok: false,
        errors: [{ path: expect.any(String), message: expect.stringMatching(/deeper than 64/) }],
      });
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('does not count brackets inside strings', () => {
      expect(parse(JSON.stringify({ text: '['.repeat(100) })).ok).toBe(true);
    });
  });

  it('refuses an escaped unpaired surrogate, in a value or a key', () => {
    expect(parse('{"id":"a\\ud800"}')).toEqual({
      ok: false,
      errors: [{ path: 'id', message: expect.stringMatching(/unpaired surrogate/) }],
    });
    expect(parse('{"\\udc00":1}')).toEqual({
      ok: false,
      errors: [{ path: '["\\udc00"]', message: expect.stringMatching(/^the field name contains an unpaired surrogate/) }],
    });
  });

  it.each(['{"id": ', '{"a":1,}', "{'a':1}", '{"a":1} x', '', '// comment\n{}', '{"a":1 /* c */}'])('refuses %j as not JSON', (text) => {
    expect(parse(text)).toEqual({
      ok: false,
      errors: [{ path: '', message: expect.stringMatching(/^the request body is not valid JSON: /) }],
    });
  });

  it('lists at most 50 problems', () => {
    const text = `{${Array.from({ length: 200 }, () => '"k":1').join(',')}}`;
    const result = parse(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toHaveLength(50);
  });
});
