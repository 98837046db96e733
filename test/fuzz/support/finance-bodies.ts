import fc from 'fast-check';
import { CONVERSION_TYPES } from '@ledger/contracts';
import { ATTRIBUTION_MODELS, CHANNELS } from '@ledger/contracts';
import { TIERS } from '@ledger/contracts';
import { PARTNER_TYPES } from '@ledger/contracts';
import { anyJson, invalidAmountString, invalidDateString, ODD_CURRENCIES, validInstant } from './arbitraries';
import { validMoney } from './cloud-events';
import { anyValueAt, breakWith, drop, unknownField, type BodyMutation, type Json } from './json-body';
import { SEEDED } from './fuzz-app';

/**
 * Valid bodies of the finance and analyst commands (adjustments, payout runs, policy adoptions
 * and retractions, simulations) and the mutations that certainly break them. Valid values include
 * the extremes the parsers let through (a ten-year click window or hold, a half-life of 5e-324
 * days, a hundred years of recurring commission): once accepted, the ledger must cope with them.
 */

const text = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _.-]{0,30}$/) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('=HYPERLINK("x")', '+1', '-1', '@a', 'Ünïcødé 💸', "O'Brien; DROP TABLE x", 'a\tb', 'x'.repeat(500)),
  },
);

export const FRESH_VERSION = '\u0002fresh-version\u0002';

const shares = fc.constantFrom(
  { first: '0.4', last: '0.4' },
  { first: '0', last: '1' },
  { first: '1', last: '0' },
  { first: '0.5', last: '0.5' },
  { first: '0.0', last: '0.00' },
  { first: `0.${'3'.repeat(100)}`, last: `0.${'3'.repeat(100)}` },
);

export const validPolicy = (version: fc.Arbitrary<string>) =>
  fc.record(
    {
      version,
      model: fc.constantFrom(...ATTRIBUTION_MODELS),
      clickWindowDays: fc.oneof(fc.integer({ min: 0, max: 365 }), fc.constantFrom(0, 3650)),
      protectionDays: fc.oneof(fc.integer({ min: 1, max: 3650 }), fc.constantFrom(1, 3650)),
      precedence: fc.shuffledSubarray([...CHANNELS]),
      positionBased: shares,
      halfLifeDays: fc.oneof(fc.double({ min: 0.01, max: 365, noNaN: true }), fc.constantFrom(5e-324, 1e-300, 1e300, Number.MAX_VALUE)),
    },
    { requiredKeys: ['version'] },
  );

/** Certain breaks of a policy document found at `at` ("policy"). */
export function policyBreaks(at: string): Array<fc.Arbitrary<BodyMutation>> {
  // null in an optional policy field means "the default", so it is not among the breaks.
  return [
    breakWith(`${at}.model`, fc.constantFrom<unknown>('last-click', 'LAST_CLICK', '', 5, 'shapley', ['linear'])),
    breakWith(
      `${at}.clickWindowDays`,
      fc.constantFrom<unknown>(-1, 1.5, '30', 3651, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, [], true),
    ),
    breakWith(`${at}.protectionDays`, fc.constantFrom<unknown>(0, -5, 2.5, '90', 3651, Number.MAX_SAFE_INTEGER, 9007199254740992, {})),
    breakWith(`${at}.precedence`, fc.constantFrom<unknown>('click', ['click', 'click'], ['email'], [null], {}, 5)),
    breakWith(
      `${at}.positionBased`,
      fc.constantFrom<unknown>(
        { first: '0.7', last: '0.7' },
        { first: 0.4, last: 0.4 },
        { first: '0.4' },
        { first: '-0.1', last: '0.5' },
        { first: '1.5', last: '0' },
        { first: '0.4', last: '0.4', middle: '0.2' },
        { first: '4e-1', last: '0' },
        'x',
        [],
      ),
    ),
    breakWith(`${at}.halfLifeDays`, fc.constantFrom<unknown>(0, -1, '7', [], {}, true)),
    breakWith(`${at}.version`, fc.constantFrom<unknown>('', '   ', 5, [], {}, null)),
    breakWith(`${at}.zzExtra`, fc.constant(1)),
    breakWith(at, fc.constantFrom<unknown>([], 'linear', 5, true)),
    fc.constant(drop(`${at}.version`)),
  ];
}

const rateString = fc.oneof(
  fc.constantFrom('0', '1', '0.2', '0.25', '0.30', `0.${'1'.repeat(60)}`),
  fc.integer({ min: 0, max: 100 }).map((n) => (n / 100).toFixed(2)),
);

export const validPlan = fc.record(
  {
    version: text,
    holdDays: fc.oneof(fc.integer({ min: 0, max: 365 }), fc.constantFrom(0, 3650)),
    recurringMonths: fc.oneof(fc.integer({ min: 0, max: 36 }), fc.constantFrom(0, 1200)),
    rates: fc.array(
      fc.record(
        {
          tier: fc.constantFrom(...TIERS),
          partnerType: fc.constantFrom(...PARTNER_TYPES),
          conversionType: fc.constantFrom(...CONVERSION_TYPES),
          rate: rateString,
          flat: fc.constantFrom({ USD: '10.00' }, { EUR: '0.01', JPY: '5' }, { USD: '999999999999999.99' }),
        },
        { requiredKeys: ['rate'] },
      ),
      { minLength: 1, maxLength: 4 },
    ),
  },
  { requiredKeys: ['version', 'rates'] },
);

export const planBreaks: Array<fc.Arbitrary<BodyMutation>> = [
  breakWith(
    'plan.rates',
    fc.constantFrom<unknown>(
      [],
      'x',
      null,
      [{}],
      [{ rate: 0.2 }],
      [{ rate: '1.5' }],
      [{ rate: '-0.1' }],
      [{ rate: '0.2', tier: 'platinum' }],
      [{ flat: { USD: '1e2' } }],
      [{ flat: { XXX: '1' } }],
      [{ rate: '0.2', zz: 1 }],
      [5],
    ),
  ),
  breakWith('plan.holdDays', fc.constantFrom<unknown>(-1, 1.5, '30', [], 3651, Number.MAX_SAFE_INTEGER)),
  breakWith('plan.recurringMonths', fc.constantFrom<unknown>(-1, 2.5, '12', {}, 1201, Number.MAX_SAFE_INTEGER)),
  breakWith('plan.version', fc.constantFrom<unknown>('', '  ', 5, null)),
  breakWith('plan', fc.constantFrom<unknown>([], 'x', 5, null)),
  fc.constant(drop('plan.rates')),
  fc.constant(drop('plan.version')),
];

/** Dates that may be sent as an instant in a body, '' and null included (both refused where a date is required). */
const badBodyDate = fc.oneof(invalidDateString, fc.constantFrom<unknown>(5, [], {}, true));

// ---------------------------------------------------------------------------------------------
// Adjustments

const signedMoney = fc
  .tuple(validMoney, fc.boolean())
  .map(([money, negative]) => (negative ? { ...money, amount: `-${money.amount}` } : money));

export const adjustment = fc.record({ partnerId: fc.constantFrom(...SEEDED.partners), amount: signedMoney, reason: text });

const badMoney = fc.oneof(
  invalidAmountString.map((amount) => ({ amount, currency: 'USD' })),
  fc.constantFrom(...ODD_CURRENCIES).map((currency) => ({ amount: '1.00', currency })),
  fc.constantFrom<unknown>(
    { amount: '0.00', currency: 'USD' },
    { amount: '-0', currency: 'USD' },
    { amount: '0', currency: 'JPY' },
    '5.00',
    5,
    null,
    [],
    {},
    { amount: '1.00' },
    { currency: 'USD' },
    { amount: '1.00', currency: 'USD', extra: 1 },
    { constructor: 1, amount: '1.00', currency: 'USD' },
    { amount: 10, currency: 'USD' },
  ),
);

export const adjustmentMutations: fc.Arbitrary<BodyMutation> = fc.oneof(
  fc.constantFrom(drop('partnerId'), drop('amount'), drop('reason')),
  breakWith('partnerId', fc.constantFrom<unknown>('P-404', 'p-1', 'P-1 ', '', '   ', 'x'.repeat(257), 'P\u00001', 5, null, [], {})),
  breakWith('amount', badMoney),
  breakWith('reason', fc.constantFrom<unknown>('', '   ', 'x'.repeat(1001), 5, null, [], 'why\u0000')),
  unknownField,
  anyValueAt(['partnerId', 'amount', 'reason', 'amount.amount', 'amount.currency']),
);

// ---------------------------------------------------------------------------------------------
// Payout runs

const NOW = Date.now();
/** Instants and dates that are certainly in the past (a payout run may not look ahead). */
const pastDate = fc
  .record({ ms: fc.integer({ min: Date.parse('2025-06-01T00:00:00Z'), max: NOW - 2 * 86_400_000 }), plain: fc.boolean() })
  .map(({ ms, plain }) => (plain ? new Date(ms).toISOString().slice(0, 10) : new Date(ms).toISOString()));

const MINIMUMS: Array<[string, string]> = [
  ['USD', '50.00'],
  ['USD', '0'],
  ['USD', '0.01'],
  ['EUR', '100.00'],
  ['EUR', '0'],
  ['JPY', '1000'],
  ['GBP', '1'],
  ['KWD', '1.234'],
  ['CLF', '999999999999999.9999'],
];

export const payoutRun = fc.record(
  {
    asOf: pastDate,
    minimum: fc
      .uniqueArray(fc.constantFrom(...MINIMUMS), { minLength: 1, maxLength: 3, selector: ([currency]) => currency })
      .map((entries) => Object.fromEntries(entries)),
  },
  { requiredKeys: ['minimum'] },
);

export const payoutRunMutations: fc.Arbitrary<BodyMutation> = fc.oneof(
  breakWith('asOf', fc.oneof(badBodyDate, fc.constantFrom('2099-06-01', '9999-12-31T23:59:59Z', new Date(NOW + 86_400_000).toISOString()))),
  fc.constant(drop('minimum')),
  breakWith(
    'minimum',
    fc.constantFrom<unknown>(
      {},
      [],
      'USD',
      null,
      5,
      { USD: '-1' },
      { USD: '1e2' },
      { XXX: '1' },
      { usd: '1' },
      { USD: 5 },
      { USD: '1.001' },
      { USD: '1000000000000000' },
      { USD: null },
      { USD: '' },
    ),
  ),
  unknownField,
  anyValueAt(['asOf', 'minimum', 'minimum.USD', 'minimum.EUR']),
);

// ---------------------------------------------------------------------------------------------
// Policy adoptions and retractions

export const adoption = fc.record(
  { policy: validPolicy(fc.constant(FRESH_VERSION)), effectiveFrom: validInstant, reason: text },
  { requiredKeys: ['policy', 'effectiveFrom'] },
);

export const adoptionMutations: fc.Arbitrary<BodyMutation> = fc.oneof(
  ...policyBreaks('policy'),
  fc.constantFrom(drop('policy'), drop('effectiveFrom')),
  breakWith('effectiveFrom', fc.oneof(badBodyDate, fc.constant(null))),
  breakWith('reason', fc.constantFrom<unknown>('', '   ', 'x'.repeat(501), 5, [], {})),
  unknownField,
  anyValueAt([
    'policy',
    'policy.model',
    'policy.clickWindowDays',
    'policy.protectionDays',
    'policy.precedence',
    'policy.positionBased',
    'policy.halfLifeDays',
    'effectiveFrom',
    'reason',
  ]),
);

export const retraction = fc.record({ reason: text });

export const retractionMutations: fc.Arbitrary<BodyMutation> = fc.oneof(
  fc.constant(drop('reason')),
  breakWith('reason', fc.constantFrom<unknown>('', '   ', 'x'.repeat(501), 5, [], {}, null)),
  unknownField,
  anyValueAt(['reason']),
);

// ---------------------------------------------------------------------------------------------
// Simulations

export const simulation = fc
  .record({ policy: validPolicy(text), plan: validPlan, from: validInstant, to: validInstant }, { requiredKeys: [] })
  .map((body) => {
    // `to` must not be before `from`: order them by the instants they stand for.
    if (typeof body.from === 'string' && typeof body.to === 'string' && startOf(body.from) > endOf(body.to))
      return { ...body, from: body.to, to: body.from };
    return body;
  });

const startOf = (value: string) =>
  value.length === 10 ? `${value}T00:00:00.000Z` : new Date(Date.parse(value.toUpperCase())).toISOString();
const endOf = (value: string) => (value.length === 10 ? `${value}T23:59:59.999Z` : new Date(Date.parse(value.toUpperCase())).toISOString());

export const simulationMutations: fc.Arbitrary<BodyMutation> = fc.oneof(
  ...policyBreaks('policy'),
  ...planBreaks,
  breakWith(
    'from',
    badBodyDate.filter((value) => value !== null),
  ),
  breakWith(
    'to',
    badBodyDate.filter((value) => value !== null),
  ),
  breakWith('retract', fc.constantFrom<unknown>('', 5, [], {}, true)),
  unknownField,
  anyValueAt(['policy', 'plan', 'from', 'to', 'retract', 'policy.model', 'plan.rates']),
);

export { anyJson, type Json };
