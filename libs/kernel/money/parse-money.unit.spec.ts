import { moneyProblems, type ParseMoneyOptions } from './parse-money';

const usd = (amount: unknown) => ({ amount, currency: 'USD' });

describe('moneyProblems', () => {
  it.each([
    [usd('1234.50'), {}],
    [usd('1234.5'), {}],
    [usd('12'), {}],
    [usd('0'), {}],
    [usd('0.00'), { allowZero: true }],
    [usd('-5.25'), { allowNegative: true }],
    [{ amount: '1000', currency: 'JPY' }, {}],
    [{ amount: '1.234', currency: 'KWD' }, {}],
    [{ amount: '999999999999999.99', currency: 'EUR' }, {}],
    [{ amount: '-999999999999999.999', currency: 'KWD' }, { allowNegative: true }],
    [{ amount: '100000000000000', currency: 'JPY' }, {}],
  ] as Array<[unknown, ParseMoneyOptions]>)('accepts %j with %j', (value, options) => {
    expect(moneyProblems(value, options)).toEqual([]);
  });

  it.each([
    ['a JSON number', usd(12.5), {}, 'amount', 'must be a decimal string such as "12.5", not a JSON number'],
    ['an exponent', usd('1e3'), {}, 'amount', '"1e3" uses an exponent; write plain decimal digits'],
    ['a plus sign', usd('+1'), {}, 'amount', '"+1" is not a plain decimal number (digits, optional "." and fraction, no sign but "-")'],
    ['a comma', usd('1,5'), {}, 'amount', '"1,5" is not a plain decimal number (digits, optional "." and fraction, no sign but "-")'],
    ['a boolean amount', usd(true), {}, 'amount', 'must be a decimal string'],
    ['3 decimals in USD', usd('1.234'), {}, 'amount', '"1.234" has 3 decimal places but USD has 2'],
    ['decimals in JPY', { amount: '10.5', currency: 'JPY' }, {}, 'amount', '"10.5" has 1 decimal places but JPY has 0'],
    ['4 decimals in KWD', { amount: '1.2345', currency: 'KWD' }, {}, 'amount', '"1.2345" has 4 decimal places but KWD has 3'],
    ['a negative amount', usd('-1.00'), {}, 'amount', 'must not be negative'],
    ['zero when zero is not allowed', usd('0.00'), { allowZero: false }, 'amount', 'must be greater than zero'],
    ['an unknown currency', { amount: '1', currency: 'ABC' }, {}, 'currency', '"ABC" is not a known ISO 4217 currency code'],
    ['a lower-case currency', { amount: '1', currency: 'usd' }, {}, 'currency', '"usd" is not a known ISO 4217 currency code'],
    ['a numeric currency', { amount: '1', currency: 840 }, {}, 'currency', 'must be an ISO 4217 code string'],
    ['a missing currency', { amount: '1' }, {}, 'currency', 'is required'],
    ['a missing amount', { currency: 'USD' }, {}, 'amount', 'is required'],
    [
      '16 digits before the point',
      usd('1234567890123456.00'),
      {},
      'amount',
      '"1234567890123456.00" has 16 digits before the decimal point; an amount has at most 15',
    ],
    [
      '16 digits, negative',
      usd('-1000000000000000'),
      { allowNegative: true },
      'amount',
      '"-1000000000000000" has 16 digits before the decimal point; an amount has at most 15',
    ],
    ['an extra field', { amount: '1', currency: 'USD', cents: 100 }, {}, 'cents', 'is not a money field (only "amount" and "currency")'],
  ] as Array<[string, unknown, ParseMoneyOptions, string, string]>)('rejects %s', (_case, value, options, path, message) => {
    expect(moneyProblems(value, options)).toEqual([{ path, message }]);
  });

  it.each([
    ['a string', '12.50'],
    ['a number', 12.5],
    ['null', null],
    ['an array', ['12.50', 'USD']],
  ])('rejects %s instead of an object', (_case, value) => {
    expect(moneyProblems(value)).toEqual([
      { path: '', message: 'must be an object {"amount": "<decimal string>", "currency": "<ISO 4217 code>"}' },
    ]);
  });

  it('reports every problem, not only the first', () => {
    expect(moneyProblems({ amount: 1.5, currency: 'usd', extra: true })).toEqual([
      { path: 'extra', message: expect.any(String) },
      { path: 'currency', message: expect.any(String) },
      { path: 'amount', message: expect.any(String) },
    ]);
  });

  it('refuses a thousand-digit amount without echoing it whole', () => {
    const [problem] = moneyProblems(usd('9'.repeat(1000)));
    expect(problem).toEqual({
      path: 'amount',
      message: `"${'9'.repeat(40)}…" (1000 characters) has 1000 digits before the decimal point; an amount has at most 15`,
    });
  });

  it('still checks the decimals of a negative amount', () => {
    expect(moneyProblems(usd('-1.234')).map((problem) => problem.message)).toEqual([
      'must not be negative',
      '"-1.234" has 3 decimal places but USD has 2',
    ]);
  });
});
