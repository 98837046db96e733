import { ProgramCalendar } from './program-calendar';

describe('ProgramCalendar', () => {
  const calendar = new ProgramCalendar('2025-11', 4);

  it('numbers the months from the start, across years', () => {
    expect([0, 1, 2, 3].map((i) => calendar.label(i))).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(new Date(calendar.monthEnd(1)).toISOString()).toBe('2025-12-31T23:59:59.999Z');
    expect(new Date(calendar.end).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(calendar.monthOf(Date.parse('2026-02-28T23:00:00Z'))).toBe(3);
    expect(calendar.monthOf(Date.parse('2025-10-31T23:00:00Z'))).toBe(-1);
  });

  it('adds calendar months, clamping the day to the month length', () => {
    const iso = (time: number) => new Date(time).toISOString();
    expect(iso(calendar.addMonths(Date.parse('2026-01-31T10:00:00Z'), 1))).toBe('2026-02-28T10:00:00.000Z');
    expect(iso(calendar.addMonths(Date.parse('2028-01-31T10:00:00Z'), 1))).toBe('2028-02-29T10:00:00.000Z');
    expect(iso(calendar.addMonths(Date.parse('2025-12-15T08:30:00Z'), 2))).toBe('2026-02-15T08:30:00.000Z');
  });

  it('refuses a start that is not a month', () => {
    expect(() => new ProgramCalendar('2025-1', 3)).toThrow('start: must be a month such as 2025-01, got "2025-1"');
  });
});
