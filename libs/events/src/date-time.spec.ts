import { dateTimeProblem, isRfc3339DateTime } from './date-time';

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
    ['2026-13-01T00:00:00Z', /has month 13/],
    ['2026-00-01T00:00:00Z', /has month 0/],
    ['2026-02-29T00:00:00Z', /has day 29, which month 2 of 2026 does not have/],
    ['1900-02-29T00:00:00Z', /has day 29/],
    ['2026-06-31T00:00:00Z', /has day 31/],
    ['2026-06-00T00:00:00Z', /has day 0/],
    ['2026-03-04T24:00:00Z', /not a valid time of day/],
    ['2026-03-04T10:60:00Z', /not a valid time of day/],
    ['2026-12-31T23:59:60Z', /not a valid time of day/],
    ['2026-03-04T10:00:00+24:00', /invalid time zone offset/],
    ['2026-03-04T10:00:00+02:60', /invalid time zone offset/],
  ])('rejects %s', (value, reason) => {
    expect(dateTimeProblem(value)).toMatch(reason);
    expect(isRfc3339DateTime(value)).toBe(false);
  });

  it('is false for non-strings', () => {
    expect(isRfc3339DateTime(1772618400000)).toBe(false);
    expect(isRfc3339DateTime(new Date())).toBe(false);
  });
});
