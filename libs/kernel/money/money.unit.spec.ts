import { Dec } from './decimal';
import { formatAmount, minorUnit, roundToMinorUnit, toMoneyJson } from './money';

describe('roundToMinorUnit (half-even)', () => {
  it.each([
    ['0.125', 'USD', '0.12'],
    ['0.135', 'USD', '0.14'],
    ['0.145', 'USD', '0.14'],
    ['0.1251', 'USD', '0.13'],
    ['-0.125', 'USD', '-0.12'],
    ['-0.135', 'USD', '-0.14'],
    ['2.5', 'JPY', '2'],
    ['3.5', 'JPY', '4'],
    ['1.0005', 'KWD', '1'],
    ['1.0015', 'KWD', '1.002'],
    ['12.34', 'USD', '12.34'],
  ])('%s %s -> %s', (amount, currency, expected) => {
    expect(roundToMinorUnit(new Dec(amount), currency).toString()).toBe(expected);
  });

  it('throws for an unknown currency', () => {
    expect(() => roundToMinorUnit(new Dec('1'), 'ABC')).toThrow(/unknown currency/);
  });
});

describe('formatAmount', () => {
  it.each([
    ['1234.5', 'USD', '1234.50'],
    ['0', 'USD', '0.00'],
    ['0.125', 'USD', '0.12'],
    ['0.135', 'USD', '0.14'],
    ['-7', 'USD', '-7.00'],
    ['1000', 'JPY', '1000'],
    ['999.5', 'JPY', '1000'],
    ['1.2', 'KWD', '1.200'],
    ['12345678901234567890.1', 'USD', '12345678901234567890.10'],
  ])('%s %s is written %s', (amount, currency, expected) => {
    expect(formatAmount(new Dec(amount), currency)).toBe(expected);
  });
});

describe('minorUnit and toMoneyJson', () => {
  it.each([
    ['USD', '0.01'],
    ['JPY', '1'],
    ['KWD', '0.001'],
  ])('the minor unit of %s is %s', (currency, expected) => expect(minorUnit(currency).toString()).toBe(expected));

  it('renders money JSON with the currency digits', () => {
    expect(toMoneyJson(new Dec('10.5'), 'USD')).toEqual({ amount: '10.50', currency: 'USD' });
    expect(toMoneyJson(new Dec('10.5'), 'JPY')).toEqual({ amount: '10', currency: 'JPY' });
  });
});
