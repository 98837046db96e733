import { Dec, fractionDigits, isDecimalString } from './decimal';

describe('decimal strings', () => {
  it.each(['0', '12', '12.5', '1234.50', '-3', '-0.01', '0.000'])('%s is a plain decimal', (value) => expect(isDecimalString(value)).toBe(true));

  it.each(['', '1e3', '+5', '.5', '5.', '01', '1,000', ' 5', '5 ', 'NaN', 'Infinity', '0x10', '--1'])('%j is not', (value) =>
    expect(isDecimalString(value)).toBe(false),
  );

  it('is false for numbers', () => expect(isDecimalString(12.5)).toBe(false));

  it.each([
    ['12', 0],
    ['12.5', 1],
    ['12.50', 2],
    ['-0.001', 3],
  ])('%s has %i fraction digits as written', (value, digits) => expect(fractionDigits(value)).toBe(digits));

  it('Dec computes exactly where binary floats do not', () => {
    expect(new Dec('0.1').plus('0.2').toString()).toBe('0.3');
    expect(new Dec('12345678901234567890.12').times(3).toString()).toBe('37037036703703703670.36');
  });

  it('Dec never switches to exponent notation for money-sized numbers', () => {
    expect(new Dec('0.0000001').toString()).toBe('0.0000001');
    expect(new Dec('1e25').toString()).toBe('10000000000000000000000000');
  });
});
