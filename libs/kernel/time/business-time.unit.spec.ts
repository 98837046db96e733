import { addDaysIso, addUtcMonths, toIso } from './business-time';

const add = (iso: string, months: number) => new Date(addUtcMonths(Date.parse(iso), months)).toISOString();

describe('addUtcMonths (recurring windows)', () => {
  test.each([
    ['2026-03-04T10:00:00.000Z', 12, '2027-03-04T10:00:00.000Z'],
    ['2027-01-31T10:00:00.000Z', 1, '2027-02-28T10:00:00.000Z'],
    ['2028-01-31T10:00:00.000Z', 1, '2028-02-29T10:00:00.000Z'],
    ['2028-02-29T23:59:59.999Z', 12, '2029-02-28T23:59:59.999Z'],
    ['2026-08-31T00:00:00.000Z', 1, '2026-09-30T00:00:00.000Z'],
    ['2026-12-15T08:00:00.000Z', 1, '2027-01-15T08:00:00.000Z'],
    ['2026-11-30T08:00:00.000Z', 3, '2027-02-28T08:00:00.000Z'],
    ['2026-05-05T00:00:00.000Z', 0, '2026-05-05T00:00:00.000Z'],
    ['2026-05-31T00:00:00.000Z', 25, '2028-06-30T00:00:00.000Z'],
  ])('%s + %i months = %s', (from, months, to) => {
    expect(add(from, months)).toBe(to);
  });
});

describe('toIso (derived instants stay writable)', () => {
  it('writes an instant past 9999-12-31 as the last one: a 30-day hold after a conversion on 9999-12-31 poisoned the ledger projection', () => {
    expect(addDaysIso('9999-12-31T00:00:00Z', 30)).toBe('9999-12-31T23:59:59.999Z');
    expect(toIso(Date.parse('0001-01-01T00:00:00Z') - 1)).toBe('0001-01-01T00:00:00.000Z');
    expect(toIso(Date.parse('2026-03-04T10:00:00Z'))).toBe('2026-03-04T10:00:00.000Z');
    expect(() => toIso(Number.NaN)).toThrow(RangeError);
  });
});
