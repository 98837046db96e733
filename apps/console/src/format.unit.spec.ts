import { sumDecimals } from './decimal';
import { formatAge, formatInstant, formatMoney, formatShare } from './format';

describe('money on the console', () => {
  it("shows the API's decimal string in its currency's format, digit for digit", () => {
    expect(formatMoney('1234.50', 'USD')).toBe('USD 1,234.50');
    expect(formatMoney('3920', 'JPY')).toBe('JPY 3,920');
    expect(formatMoney('0', 'EUR')).toBe('EUR 0.00');
    expect(formatMoney('-12.5', 'GBP')).toBe('−GBP 12.50');
    // 15 digits before the point: no floating point on the way.
    expect(formatMoney('999999999999999.99', 'USD')).toBe('USD 999,999,999,999,999.99');
    // More decimals than the currency's minor unit are shown, never rounded away.
    expect(formatMoney('1.005', 'USD')).toBe('USD 1.005');
  });

  it('says so when there is no amount, and keeps an unknown currency or shape as it is', () => {
    expect(formatMoney(null, 'USD')).toBe('—');
    expect(formatMoney('12.00', 'XYZ1')).toBe('XYZ1 12.00');
    expect(formatMoney('1e3', 'USD')).toBe('USD 1e3');
  });

  it('sums decimal strings of one currency exactly', () => {
    expect(sumDecimals(['0.10', '0.20'])).toBe('0.30');
    expect(sumDecimals(['99.80', '-100', '0.2'])).toBe('0.00');
    expect(sumDecimals(['3920', '1960'])).toBe('5880');
    expect(sumDecimals(['-1.5', '0.25'])).toBe('-1.25');
    expect(sumDecimals(['999999999999999.99', '0.01'])).toBe('1000000000000000.00');
    expect(sumDecimals([])).toBe('0');
  });

  it('shows shares and instants for people', () => {
    expect(formatShare('0.1330')).toBe('13.3 %');
    expect(formatShare(null)).toBe('—');
    expect(formatInstant('2025-02-22T15:16:02.000Z')).toBe('2025-02-22 15:16 UTC');
  });

  it('says how old a flag or dispute is in words', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    expect(formatAge('2026-03-10T11:30:00Z', now)).toBe('under an hour');
    expect(formatAge('2026-03-10T11:00:00Z', now)).toBe('1 hour');
    expect(formatAge('2026-03-09T00:00:00Z', now)).toBe('36 hours');
    expect(formatAge('2026-03-01T12:00:00Z', now)).toBe('9 days');
    expect(formatAge(null, now)).toBe('—');
  });
});
