import { dateTimeProblem, isRfc3339DateTime, parseInstant, plainDateProblem, toInstant } from './instants';

describe('RFC 3339 date-times', () => {
  it.each([
    '2026-03-04T10:00:00Z',
    '2026-03-04T10:00:00.5Z',
    '2026-03-04T10:00:00.123456789+05:30',
    '2026-03-04T23:59:59-08:00',
    '2026-03-04t10:00:00z',
    '2028-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '2026-12-31T23:59:59+23:59',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    '0001-01-01T00:59:00+00:59',
  ])('accepts %s', (value) => {
    expect(dateTimeProblem(value)).toBeUndefined();
    expect(isRfc3339DateTime(value)).toBe(true);
  });

  it.each([
    ['2026-03-04', /is a date without a time/],
    ['2026-03-04T10:00:00', /has no time zone/],
    ['2026-03-04T10:00', /has no time zone/],
    ['2026-03-04 10:00:00', /has no time zone/],
    ['2026-03-04 10:00:00Z', /is not an RFC 3339 date-time/],
    ['2026-03-04T10:00Z', /is not an RFC 3339 date-time/],
    ['2026-3-4T10:00:00Z', /is not an RFC 3339 date-time/],
    ['2026-03-04T10:00:00+0200', /is not an RFC 3339 date-time/],
    ['2026-03-04T10:00:00 Z', /is not an RFC 3339 date-time/],
    ['', /is not an RFC 3339 date-time/],
    ['2026-13-01T00:00:00Z', /has month 13; months go from 01 to 12/],
    ['2026-00-01T00:00:00Z', /has month 00/],
    ['2026-02-29T00:00:00Z', /has day 29, but February 2026 has 28 days/],
    ['2025-02-30T00:00:00Z', /has day 30, but February 2025 has 28 days/],
    ['1900-02-29T00:00:00Z', /has day 29/],
    ['2026-06-31T00:00:00Z', /has day 31/],
    ['2026-06-00T00:00:00Z', /has day 0/],
    ['2026-03-04T24:00:00Z', /not a valid time of day/],
    ['2026-03-04T10:60:00Z', /not a valid time of day/],
    ['2026-12-31T23:59:60Z', /not a valid time of day/],
    ['2026-03-04T10:00:00+24:00', /invalid time zone offset/],
    ['2026-03-04T10:00:00+02:60', /invalid time zone offset/],
    ['0000-06-01T00:00:00Z', /has year 0000/],
    ['0001-01-01T00:00:00+01:00', /is before 0001-01-01T00:00:00Z once converted to UTC/],
    ['9999-12-31T23:59:59-00:01', /is after 9999-12-31T23:59:59.999Z once converted to UTC/],
  ])('rejects %s', (value, reason) => {
    expect(dateTimeProblem(value)).toMatch(reason);
    expect(isRfc3339DateTime(value)).toBe(false);
  });

  it('is false for non-strings', () => {
    expect(isRfc3339DateTime(1772618400000)).toBe(false);
    expect(isRfc3339DateTime(new Date())).toBe(false);
  });
});

describe('plain dates', () => {
  it.each(['2026-03-31', '2028-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])('accepts %s', (value) =>
    expect(plainDateProblem(value)).toBeUndefined(),
  );

  it.each([
    ['2025-02-30', 'has day 30, but February 2025 has 28 days'],
    ['2025-02-29', 'has day 29, but February 2025 has 28 days'],
    ['1900-02-29', 'has day 29, but February 1900 has 28 days'],
    ['2026-04-31', 'has day 31, but April 2026 has 30 days'],
    ['2026-01-00', 'has day 00, but January 2026 has 31 days'],
    ['2026-13-01', 'has month 13; months go from 01 to 12'],
    ['0000-01-01', 'has year 0000; years go from 0001 to 9999'],
    ['2026-3-1', 'is not a date such as "2026-03-31"'],
  ])('refuses %s: %s', (value, message) => expect(plainDateProblem(value)).toBe(message));
});

describe('parseInstant: the one reader of instants given as input', () => {
  it.each([
    ['2026-03-04T10:00:00Z', {}, '2026-03-04T10:00:00.000Z'],
    ['2026-03-04t12:00:00.5+02:00', {}, '2026-03-04T10:00:00.500Z'],
    ['2026-03-04T10:00:00.123456Z', {}, '2026-03-04T10:00:00.123Z'],
    ['2026-03-01T00:30:00+01:00', {}, '2026-02-28T23:30:00.000Z'],
    ['2026-03-31', { plainDate: 'start' }, '2026-03-31T00:00:00.000Z'],
    ['2026-03-31', { plainDate: 'end' }, '2026-03-31T23:59:59.999Z'],
    ['2028-02-29', { plainDate: 'end' }, '2028-02-29T23:59:59.999Z'],
  ] as const)('reads %s (%j) as %s', (value, options, instant) => {
    expect(parseInstant(value, options)).toEqual({ ok: true, instant });
    expect(toInstant(value, options)).toBe(instant);
  });

  it.each([
    ['2025-02-30', { plainDate: 'start' }, '"2025-02-30" has day 30, but February 2025 has 28 days'],
    ['2025-02-30T00:00:00Z', { plainDate: 'end' }, '"2025-02-30T00:00:00Z" has day 30, but February 2025 has 28 days'],
    ['2026-03-31', {}, '"2026-03-31" is a date without a time; send a date-time such as "2026-03-04T10:00:00Z"'],
    ['2026-03-31T10:00:00', { plainDate: 'end' }, '"2026-03-31T10:00:00" has no time zone; end it with "Z" or an offset such as "+02:00"'],
    [
      'yesterday',
      { plainDate: 'end' },
      '"yesterday" is not an ISO 8601 date-time with a zone such as "2026-03-31T23:59:59Z", nor a date such as "2026-03-31"',
    ],
    ['a\u0000b', {}, '"a\\u0000b" is not an ISO 8601 date-time with a zone such as "2026-03-31T23:59:59Z"'],
    ['0000-12-31', { plainDate: 'end' }, '"0000-12-31" has year 0000; years go from 0001 to 9999'],
    [
      '9999-12-31T23:59:59-23:59',
      {},
      '"9999-12-31T23:59:59-23:59" is after 9999-12-31T23:59:59.999Z once converted to UTC; years go from 0001 to 9999',
    ],
  ] as const)('refuses %j (%j)', (value, options, message) => {
    expect(parseInstant(value, options)).toEqual({ ok: false, message });
    expect(() => toInstant(value, options)).toThrow(message);
  });

  it('shows a control character in the value as an escape, never raw', () => {
    const parsed = parseInstant('2026-03-31\u0000', { plainDate: 'end' });
    expect(parsed).toEqual({ ok: false, message: expect.stringContaining('"2026-03-31\\u0000" is not') });
  });

  it('refuses what is not a string, naming its kind', () => {
    expect(parseInstant(20260331, { plainDate: 'end' })).toEqual({
      ok: false,
      message: expect.stringMatching(/^must be a string, not a number: /),
    });
    expect(parseInstant(['2026-03-31'])).toEqual({ ok: false, message: expect.stringMatching(/^must be a string, not an array: /) });
  });
});
