import fc from 'fast-check';
import { Rational } from './rational';

describe('Rational', () => {
  it.each([
    ['12.50', '25/2'],
    ['-0.045', '-9/200'],
    ['7', '7'],
    ['0.000', '0'],
  ])('reads the decimal %s as %s', (decimal, fraction) => expect(Rational.fromDecimal(decimal).toString()).toBe(fraction));

  it('parses what it writes', () => {
    expect(Rational.parse('1/6').plus(Rational.parse('5/6')).toString()).toBe('1');
    expect(Rational.parse('-2/4').toString()).toBe('-1/2');
  });

  it.each([
    // 0.26 × 0.18 ÷ 1.04 is exactly 0.045: half-even keeps the even 4.
    [Rational.parse('0.26').times(Rational.parse('0.18')).dividedBy(Rational.parse('1.04')), 2, '0.04'],
    [Rational.parse('0.055'), 2, '0.06'],
    [Rational.parse('-0.045'), 2, '-0.04'],
    [Rational.parse('-0.055'), 2, '-0.06'],
    [Rational.parse('100').dividedBy(Rational.parse('6')), 2, '16.67'],
    [Rational.parse('1/6'), 10, '0.1666666667'],
    [Rational.parse('5/2'), 0, '2'],
    [Rational.parse('7/2'), 0, '4'],
    [Rational.parse('999999999999999.995'), 2, '1000000000000000'],
  ])('rounds %s half-even to %i places: %s', (value, places, expected) => expect(value.round(places).toFixed()).toBe(expected));

  it('rounds like a plain integer model of half-even', () => {
    fc.assert(
      fc.property(fc.bigInt(-(10n ** 30n), 10n ** 30n), fc.bigInt(1n, 10n ** 12n), fc.integer({ min: 0, max: 4 }), (num, den, places) => {
        const scaled = num * 10n ** BigInt(places);
        const floor = scaled / den - (scaled % den !== 0n && scaled < 0n ? 1n : 0n);
        const rest = scaled - floor * den; // 0 <= rest < den
        const up = 2n * rest > den || (2n * rest === den && floor % 2n !== 0n);
        const expected = floor + (up ? 1n : 0n);
        const got = Rational.of(num, den)
          .round(places)
          .times(10 ** places)
          .toFixed();
        expect(got).toBe(expected.toString());
      }),
      { numRuns: 2000 },
    );
  });

  it('compares exactly where 10-digit decimals tie or mislead', () => {
    expect(Rational.parse('1/6').compare(Rational.parse('1/6'))).toBe(0);
    expect(Rational.parse('1/3').compare(Rational.parse('0.3333333333'))).toBe(1);
  });
});
