import { Dec, fractionDigits, isDecimalString } from './decimal';

describe('decimal strings', () => {
  it.each(['0', '12', '12.5', '1234.50', '-3', '-0.01', '0.000'])('%s is a plain decimal', (value) =>
    expect(isDecimalString(value)).toBe(true),
  );

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

  it('Dec never switches to exponent notation', () => {
    expect(new Dec('0.0000001').toString()).toBe('0.0000001');
    expect(new Dec('1e25').toString()).toBe('10000000000000000000000000');
    expect(new Dec('1e-60').toString()).toBe(`0.${'0'.repeat(59)}1`);
    expect(new Dec('1e120').toString()).toBe(`1${'0'.repeat(120)}`);
  });

  it('keeps products and quotients of the largest amounts, rates and weights exact', () => {
    // 15 integer digits and 3 decimals (the bound of parse-money.ts) times a rate times a weight.
    const amount = new Dec('999999999999999.999');
    const product = amount.times('0.123456789012345678').times('0.333333333333333333');
    expect(product.toString()).toBe('41152263004115.225917695473991769548041152263004115226');
    expect(product.dividedBy('0.333333333333333333').dividedBy('0.123456789012345678').equals(amount)).toBe(true);
    // A split in two halves and back.
    expect(amount.dividedBy(2).toString()).toBe('499999999999999.9995');
    expect(amount.dividedBy(2).times(2).equals(amount)).toBe(true);
  });

  it('divides a 45-digit number without losing its last digits (40 digits of precision did)', () => {
    const big = new Dec('123456789012345678901234567890123456789012345.67');
    expect(big.dividedBy(2).toString()).toBe('61728394506172839450617283945061728394506172.835');
  });
});
