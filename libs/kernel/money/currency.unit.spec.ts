import { isKnownCurrency, minorUnitsOf } from './currency';

describe('currencies', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['GBP', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['BHD', 3],
  ])('%s has %i minor digits', (code, digits) => {
    expect(isKnownCurrency(code)).toBe(true);
    expect(minorUnitsOf(code)).toBe(digits);
  });

  it.each([
    ['an unknown code', 'ABC'],
    ['a lower-case code', 'usd'],
    ['gold (no minor unit)', 'XAU'],
    ['the "no currency" code', 'XXX'],
    ['the empty string', ''],
    ['a number', 840],
    ['null', null],
  ])('does not know %s', (_case, code) => expect(isKnownCurrency(code)).toBe(false));

  it('throws for an unknown code instead of guessing', () => {
    expect(() => minorUnitsOf('ABC')).toThrow('unknown currency "ABC"');
  });
});
