import fc from 'fast-check';
import { strictJsonProblem } from './strict-json-shape';

/**
 * Changes made to the bytes of a JSON body after it is written, and media types to send it with:
 * what a strict reader must refuse as a whole (a repeated key, bytes that are not UTF-8, nesting
 * over 64 levels, trailing garbage) and what it must read as usual (a BOM, whitespace).
 */
export type RawChange =
  | { kind: 'none' | 'bom' | 'whitespace' | 'trailing-garbage' | 'repeat-key' }
  | { kind: 'invalid-utf8'; offset: number; bytes: number[] }
  | { kind: 'truncate'; at: number }
  | { kind: 'wrap'; depth: number }
  | { kind: 'replace'; value: unknown };

export const rawChange: fc.Arbitrary<RawChange> = fc.oneof(
  { weight: 20, arbitrary: fc.constant<RawChange>({ kind: 'none' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<RawChange>({ kind: 'bom' }, { kind: 'whitespace' }, { kind: 'trailing-garbage' }, { kind: 'repeat-key' }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('invalid-utf8' as const),
      offset: fc.nat(),
      // A lone continuation byte, bytes never in UTF-8, a broken pair, an overlong "/", an encoded surrogate, a code point over U+10FFFF, a cut sequence.
      bytes: fc.constantFrom<number[]>(
        [0xff],
        [0xfe],
        [0xc3, 0x28],
        [0xc0, 0xaf],
        [0xed, 0xa0, 0x80],
        [0xf4, 0x90, 0x80, 0x80],
        [0x80],
        [0xe2, 0x82],
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('wrap' as const), depth: fc.oneof(fc.integer({ min: 1, max: 70 }), fc.constant(3000)) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom<unknown>([], 'body', 5, null, [null], [[]])),
    }),
  },
);

/** Media types: the JSON ones are read; a charset other than UTF-8 is 415; others leave the body unread. */
export const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/cloudevents+json',
      'application/json; charset=utf-8',
      'application/json;charset="UTF-8"',
      'application/vnd.api+json',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      '',
      'json',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/cloudevents+json; charset=iso-8859-1',
    ),
  },
);

const JSON_MEDIA = /^application\/([a-z.+-]*\+)?json(\s*;.*)?$/i;

/** How the server reads a body sent with `type`: as JSON, refused for its charset, or not at all. */
export function mediaKind(type: string): 'json' | 'bad-charset' | 'unread' {
  if (!JSON_MEDIA.test(type)) return 'unread';
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1]?.toLowerCase();
  return charset === undefined || charset === 'utf-8' || charset === 'utf8' ? 'json' : 'bad-charset';
}

/** Where to repeat a key: after the object opening at `objectStart`, `key` again (its path for the error). */
export interface RepeatTarget {
  objectStart: number;
  key: string;
  path: string;
}

export interface ChangedBody {
  body: Buffer;
  /** What the change alone means for the answer: must be refused (naming `field` when known), or read as usual. */
  effect: { refused: true; field?: string } | { refused: false; value: unknown } | { refused: 'maybe' };
}

/** Applies `change` to the JSON text of `value`. */
export function applyRawChange(text: string, value: unknown, change: RawChange, repeat?: RepeatTarget): ChangedBody {
  const utf8 = Buffer.from(text, 'utf8');
  const asIs = strictJsonProblem(value) ? ({ refused: true } as const) : ({ refused: false, value } as const);
  switch (change.kind) {
    case 'bom':
      return { body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]), effect: asIs };
    case 'whitespace':
      return { body: Buffer.from(` \n\t${text}\r\n `), effect: asIs };
    case 'trailing-garbage':
      return { body: Buffer.from(`${text} x`), effect: { refused: true } };
    case 'repeat-key': {
      if (!repeat || text[repeat.objectStart] !== '{') return { body: utf8, effect: asIs };
      const at = repeat.objectStart + 1;
      const body = Buffer.from(`${text.slice(0, at)}${JSON.stringify(repeat.key)}:0,${text.slice(at)}`, 'utf8');
      // Nesting is judged first: a body too deep is refused for that alone.
      return { body, effect: { refused: true, field: strictJsonProblem(value) === 'depth' ? undefined : repeat.path } };
    }
    case 'invalid-utf8': {
      const offset = change.offset % (utf8.length + 1);
      return {
        body: Buffer.concat([utf8.subarray(0, offset), Buffer.from(change.bytes), utf8.subarray(offset)]),
        effect: { refused: true },
      };
    }
    case 'truncate':
      return { body: utf8.subarray(0, change.at % Math.max(1, utf8.length)), effect: { refused: 'maybe' } };
    case 'wrap': {
      let wrapped = value;
      for (let level = 0; level < change.depth; level += 1) wrapped = [wrapped];
      return {
        body: Buffer.from(`${'['.repeat(change.depth)}${text}${']'.repeat(change.depth)}`),
        effect: strictJsonProblem(wrapped) ? { refused: true } : { refused: false, value: wrapped },
      };
    }
    case 'replace':
      return {
        body: Buffer.from(JSON.stringify(change.value) ?? 'null'),
        // A body must be an object or an array: "null", "5" or "\"x\"" is refused as a whole.
        effect:
          strictJsonProblem(change.value) || change.value === null || typeof change.value !== 'object'
            ? { refused: true }
            : { refused: false, value: change.value },
      };
    default:
      return { body: utf8, effect: asIs };
  }
}
