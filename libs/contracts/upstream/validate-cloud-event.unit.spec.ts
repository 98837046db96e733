import type { FieldError } from '@ledger/kernel';
import { UPSTREAM_EVENT_TYPES, type UpstreamEventType } from './event-types';
import { agreeingWithFrozen } from './testing/differential';
import { envelope, fullData, minimalData, usd } from './testing/event-samples';
import { validateCloudEvent as compiledValidateCloudEvent } from './validate-cloud-event';

// Every input of this spec is also judged by the frozen class-validator implementation, and the
// two answers must be identical (testing/differential.ts; the random cases are in
// validate-cloud-event.properties.unit.spec.ts).
const validateCloudEvent = agreeingWithFrozen(compiledValidateCloudEvent);

function event(type: string, data: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...envelope, type, data, ...extra };
}

function errorsOf(input: unknown, pathPrefix?: string): FieldError[] {
  const outcome = validateCloudEvent(input, pathPrefix);
  if (outcome.ok) throw new Error(`expected a rejection of ${JSON.stringify(input)}`);
  return outcome.errors;
}

/** Drops one key from an object (for "missing field" cases). */
function without(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = object;
  return rest;
}

describe('validateCloudEvent: accepted events', () => {
  it.each(UPSTREAM_EVENT_TYPES.map((type) => [type]))('accepts a full %s and returns it unchanged', (type) => {
    const input = event(type, fullData[type]);
    const outcome = validateCloudEvent(input);
    expect(outcome).toEqual({ ok: true, event: input });
  });

  it.each(UPSTREAM_EVENT_TYPES.map((type) => [type]))('accepts a minimal %s and adds nothing to it', (type) => {
    const input = event(type, minimalData[type]);
    const outcome = validateCloudEvent(input);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.event).toStrictEqual(input); // strict: no added undefined keys
    expect(Object.keys(outcome.event.data as object)).toEqual(Object.keys(minimalData[type]));
  });

  it('returns a plain JSON copy, not the input object or a class instance', () => {
    const input = event('deal.closed_won', fullData['deal.closed_won']);
    const outcome = validateCloudEvent(input);
    if (!outcome.ok) throw new Error('rejected');
    expect(outcome.event).not.toBe(input);
    expect(outcome.event.data).not.toBe(input.data);
    expect(Object.getPrototypeOf(outcome.event)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(outcome.event.data)).toBe(Object.prototype);
  });

  it('keeps strings exactly as sent (no trimming, no lower-casing)', () => {
    const input = event(
      'deal.closed_won',
      { ...fullData['deal.closed_won'], accountDomain: 'WWW.Globex.COM', customerId: ' C-1 ' },
      { id: ' Evt-1 ' },
    );
    expect(validateCloudEvent(input)).toEqual({ ok: true, event: input });
  });

  it('keeps the optional CloudEvents attributes and extension attributes', () => {
    const input = event('coupon.issued', fullData['coupon.issued'], {
      subject: 'P-1',
      datacontenttype: 'application/json',
      dataschema: 'https://schemas.example.com/coupon.issued.json',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      partitionkey: 'P-1',
      sequence: 42,
      replayed: false,
    });
    expect(validateCloudEvent(input)).toEqual({ ok: true, event: input });
  });

  it.each([
    ['lower-case t and z (RFC 3339 allows them)', '2026-03-04t10:00:00z'],
    ['an offset', '2026-03-04T12:00:00+02:00'],
    ['fractional seconds', '2026-03-04T10:00:00.123456Z'],
    ['29 February of a leap year', '2028-02-29T00:00:00Z'],
  ])('accepts a time with %s', (_case, time) => {
    expect(validateCloudEvent(event('payout.paid', { payoutId: 'PO-1' }, { time })).ok).toBe(true);
  });

  it.each([
    ['USD', '1234.5'],
    ['USD', '0.01'],
    ['JPY', '1000'],
    ['KWD', '1.234'],
    ['EUR', '1000000000000.00'],
  ])('accepts %s %s', (currency, amount) => {
    expect(validateCloudEvent(event('invoice.paid', { ...fullData['invoice.paid'], amount: { amount, currency } })).ok).toBe(true);
  });

  it('accepts an estimatedValue of zero (an estimate may be unknown yet)', () => {
    expect(validateCloudEvent(event('deal.registered', { ...fullData['deal.registered'], estimatedValue: usd('0') })).ok).toBe(true);
  });
});

describe('validateCloudEvent: non-object bodies', () => {
  it.each([
    ['null', null, /must be a JSON object \(one CloudEvent\), not null/],
    ['an array', [envelope], /not an array/],
    ['a string', '{"specversion":"1.0"}', /not a string/],
    ['a number', 42, /not a number/],
    ['undefined', undefined, /not missing/],
  ])('rejects %s at the root path', (_case, input, message) => {
    expect(validateCloudEvent(input)).toEqual({ ok: false, errors: [{ path: '', message: expect.stringMatching(message) }] });
  });

  it('reports a non-object at the prefix', () => {
    expect(errorsOf('nope', '[2]')).toEqual([{ path: '[2]', message: expect.stringMatching(/must be a JSON object/) }]);
  });
});

type Case = [string, Record<string, unknown>, string, RegExp];

const valid = (type: UpstreamEventType) => event(type, fullData[type]);
const withData = (type: UpstreamEventType, changes: Record<string, unknown>) => event(type, { ...fullData[type], ...changes });
const withoutData = (type: UpstreamEventType, field: string) => event(type, without(fullData[type], field));
const withAmount = (type: UpstreamEventType, amount: unknown) => withData(type, { amount });

describe('validateCloudEvent: envelope rejections', () => {
  const cases: Case[] = [
    ['missing specversion', without(valid('payout.paid'), 'specversion'), 'specversion', /^is required$/],
    [
      'specversion 0.3',
      { ...valid('payout.paid'), specversion: '0.3' },
      'specversion',
      /must be the string "1.0" \(CloudEvents 1.0\), not "0.3"/,
    ],
    ['specversion as a number', { ...valid('payout.paid'), specversion: 1.0 }, 'specversion', /must be the string "1.0".*not 1$/],
    ['missing id', without(valid('payout.paid'), 'id'), 'id', /^is required$/],
    ['empty id', { ...valid('payout.paid'), id: '' }, 'id', /must not be empty/],
    ['blank id', { ...valid('payout.paid'), id: '   ' }, 'id', /must not be empty/],
    ['numeric id', { ...valid('payout.paid'), id: 123 }, 'id', /must be a string, not a number/],
    ['id of 257 characters', { ...valid('payout.paid'), id: 'x'.repeat(257) }, 'id', /must be at most 256 characters long, not 257/],
    ['missing source', without(valid('payout.paid'), 'source'), 'source', /^is required$/],
    ['null source', { ...valid('payout.paid'), source: null }, 'source', /must not be null/],
    ['empty source', { ...valid('payout.paid'), source: '' }, 'source', /must not be empty/],
    ['missing type', without(valid('payout.paid'), 'type'), 'type', /^is required$/],
    ['unknown type', event('deal.won', {}), 'type', /"deal.won" is not one of: partner.enrolled, .*deal.closed_won.*payout.failed$/],
    ['type in another case', event('Deal.Closed_Won', {}), 'type', /"Deal.Closed_Won" is not one of/],
    ['missing time', without(valid('payout.paid'), 'time'), 'time', /^is required$/],
    ['a date without a time', { ...valid('payout.paid'), time: '2026-03-04' }, 'time', /"2026-03-04" is a date without a time/],
    [
      'a time without a zone',
      { ...valid('payout.paid'), time: '2026-03-04T10:00:00' },
      'time',
      /"2026-03-04T10:00:00" has no time zone; end it with "Z" or an offset/,
    ],
    ['a space instead of T and no zone', { ...valid('payout.paid'), time: '2026-03-04 10:00' }, 'time', /has no time zone/],
    ['month 13', { ...valid('payout.paid'), time: '2026-13-04T10:00:00Z' }, 'time', /has month 13; months go from 01 to 12/],
    [
      '30 February',
      { ...valid('payout.paid'), time: '2026-02-30T10:00:00Z' },
      'time',
      /"2026-02-30T10:00:00Z" has day 30, but February 2026 has 28 days/,
    ],
    ['29 February of a common year', { ...valid('payout.paid'), time: '2027-02-29T10:00:00Z' }, 'time', /has day 29/],
    [
      'a time before year 0001 in UTC',
      { ...valid('payout.paid'), time: '0001-01-01T00:00:00+01:00' },
      'time',
      /is before 0001-01-01T00:00:00Z once converted to UTC/,
    ],
    ['year 0000', { ...valid('payout.paid'), time: '0000-06-01T00:00:00Z' }, 'time', /has year 0000/],
    [
      'a time after year 9999 in UTC',
      { ...valid('payout.paid'), time: '9999-12-31T23:30:00-01:00' },
      'time',
      /is after 9999-12-31T23:59:59.999Z/,
    ],
    ['hour 24', { ...valid('payout.paid'), time: '2026-03-04T24:00:00Z' }, 'time', /not a valid time of day/],
    ['an offset of 24 hours', { ...valid('payout.paid'), time: '2026-03-04T10:00:00+24:00' }, 'time', /invalid time zone offset/],
    [
      'words',
      { ...valid('payout.paid'), time: 'yesterday' },
      'time',
      /"yesterday" is not an RFC 3339 date-time such as "2026-03-04T10:00:00Z"/,
    ],
    ['epoch milliseconds', { ...valid('payout.paid'), time: 1772618400000 }, 'time', /must be a string, not a number/],
    ['missing data', without(valid('payout.paid'), 'data'), 'data', /^is required$/],
    ['data as an array', event('payout.paid', [{ payoutId: 'PO-1' }]), 'data', /must be a JSON object, not an array/],
    ['data as a string', event('payout.paid', '{"payoutId":"PO-1"}'), 'data', /must be a JSON object, not a string/],
    ['data null', event('payout.paid', null), 'data', /must not be null/],
    [
      'an attribute name with capitals',
      { ...valid('payout.paid'), Tenant: 'x' },
      'Tenant',
      /is not a CloudEvents attribute; extension attributes are named with lowercase letters a-z and digits only/,
    ],
    [
      'an attribute name with an underscore',
      { ...valid('payout.paid'), data_base64: 'eyJ9' },
      'data_base64',
      /is not a CloudEvents attribute/,
    ],
    ['an attribute name with a hyphen', { ...valid('payout.paid'), 'trace-id': 'x' }, '["trace-id"]', /is not a CloudEvents attribute/],
    [
      'an extension attribute holding an object',
      { ...valid('payout.paid'), tenant: { id: 1 } },
      'tenant',
      /must be a string, an integer or a boolean \(CloudEvents extension attribute\), not an object/,
    ],
    ['an extension attribute holding a fraction', { ...valid('payout.paid'), weight: 0.5 }, 'weight', /not 0.5$/],
    ['an empty subject', { ...valid('payout.paid'), subject: '' }, 'subject', /must not be empty/],
    ['a numeric datacontenttype', { ...valid('payout.paid'), datacontenttype: 1 }, 'datacontenttype', /must be a string, not a number/],
  ];

  it.each(cases)('rejects %s', (_case, input, path, message) => {
    expect(errorsOf(input)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});

describe('validateCloudEvent: data rejections', () => {
  const cases: Case[] = [
    // unknown and missing fields
    [
      'an unknown field',
      withData('deal.closed_won', { discount: '5' }),
      'data.discount',
      /^is not a field of deal.closed_won \(its fields: conversionId, customerId, accountDomain, amount, dealId\)$/,
    ],
    [
      'a misspelt field',
      event('partner.enrolled', { partnerId: 'P-1', name: 'A', parnterType: 'affiliate', partnerType: 'affiliate' }),
      'data.parnterType',
      /is not a field of partner.enrolled/,
    ],
    ['a field named constructor', withData('coupon.issued', { constructor: 'x' }), 'data.constructor', /is not a field of coupon.issued/],
    [
      'a field named __proto__',
      event('coupon.issued', JSON.parse('{"code":"C","partnerId":"P-1","__proto__":{"x":1}}')),
      'data.__proto__',
      /is not a field of coupon.issued/,
    ],
    ['a field with a hyphen', withData('coupon.issued', { 'partner-id': 'P-1' }), 'data["partner-id"]', /is not a field of coupon.issued/],
    ...UPSTREAM_EVENT_TYPES.flatMap((type): Case[] =>
      Object.keys(minimalData[type])
        .filter((field) => !(type === 'invoice.refunded' && field === 'conversionId'))
        .map((field): Case => [
          `${type} without ${field}`,
          event(type, without(minimalData[type], field)),
          `data.${field}`,
          /^is required$/,
        ]),
    ),
    ['a null partnerId', withData('coupon.issued', { partnerId: null }), 'data.partnerId', /must not be null/],
    ['a null optional field', withData('deal.closed_won', { dealId: null }), 'data.dealId', /must be a string, not null/],
    // strings
    ['an empty name', withData('partner.enrolled', { name: '' }), 'data.name', /must not be empty/],
    ['a blank customerId', withData('coupon.redeemed', { customerId: ' \t ' }), 'data.customerId', /must not be empty/],
    ['a numeric partnerId', withData('coupon.issued', { partnerId: 17 }), 'data.partnerId', /must be a string, not a number/],
    ['an object as visitorId', withData('click.recorded', { visitorId: { id: 'v' } }), 'data.visitorId', /must be a string, not an object/],
    [
      'a partnerId of 257 characters',
      withData('coupon.issued', { partnerId: 'P'.repeat(257) }),
      'data.partnerId',
      /must be at most 256 characters long, not 257/,
    ],
    [
      'a reason of 2001 characters',
      withData('deal.rejected', { reason: 'r'.repeat(2001) }),
      'data.reason',
      /must be at most 2000 characters long/,
    ],
    // enums
    [
      'an unknown partnerType',
      withData('partner.enrolled', { partnerType: 'vendor' }),
      'data.partnerType',
      /^"vendor" is not one of: affiliate, referral, reseller, technology, service, strategic$/,
    ],
    [
      'a partnerType in capitals',
      withData('partner.enrolled', { partnerType: 'Affiliate' }),
      'data.partnerType',
      /"Affiliate" is not one of/,
    ],
    [
      'an unknown status',
      withData('partner.status_changed', { status: 'paused' }),
      'data.status',
      /^"paused" is not one of: active, suspended, terminated$/,
    ],
    ['a numeric status', withData('partner.status_changed', { status: 1 }), 'data.status', /must be a string, not a number/],
    // domains, URLs, utm
    [
      'an accountDomain that is a URL',
      withData('deal.closed_won', { accountDomain: 'https://globex.com' }),
      'data.accountDomain',
      /"https:\/\/globex.com" is not a domain name such as "acme.com"/,
    ],
    [
      'an accountDomain without a dot',
      withData('deal.registered', { accountDomain: 'globex' }),
      'data.accountDomain',
      /is not a domain name/,
    ],
    [
      'an accountDomain with a path',
      withData('account.reserved', { accountDomain: 'globex.com/sales' }),
      'data.accountDomain',
      /is not a domain name/,
    ],
    [
      'an accountDomain that is an e-mail address',
      withData('customer.identified', { accountDomain: 'bob@globex.com' }),
      'data.accountDomain',
      /is not a domain name/,
    ],
    [
      'an accountDomain with an empty label',
      withData('deal.closed_won', { accountDomain: 'globex..com' }),
      'data.accountDomain',
      /is not a domain name/,
    ],
    [
      'an accountDomain starting with a hyphen',
      withData('deal.closed_won', { accountDomain: '-globex.com' }),
      'data.accountDomain',
      /is not a domain name/,
    ],
    [
      'an accountDomain with a space',
      withData('deal.closed_won', { accountDomain: 'globex .com' }),
      'data.accountDomain',
      /is not a domain name/,
    ],
    ['an empty accountDomain', withData('deal.closed_won', { accountDomain: '' }), 'data.accountDomain', /is not a domain name/],
    [
      'a landingUrl without a scheme',
      withData('click.recorded', { landingUrl: 'shop.example.com/pricing' }),
      'data.landingUrl',
      /"shop.example.com\/pricing" is not an http\(s\) URL/,
    ],
    [
      'a landingUrl with another scheme',
      withData('click.recorded', { landingUrl: 'ftp://shop.example.com/x' }),
      'data.landingUrl',
      /is not an http\(s\) URL/,
    ],
    [
      'a landingUrl that is not a URL',
      withData('click.recorded', { landingUrl: 'see pricing page' }),
      'data.landingUrl',
      /is not an http\(s\) URL/,
    ],
    [
      'utm as a string',
      withData('click.recorded', { utm: 'utm_source=newsletter' }),
      'data.utm',
      /must be an object of strings such as \{"campaign": "spring"\}, not a string/,
    ],
    ['utm as an array', withData('click.recorded', { utm: ['newsletter'] }), 'data.utm', /must be an object of strings.*not an array/],
    [
      'a numeric utm value',
      withData('click.recorded', { utm: { source: 'newsletter', campaign: 5 } }),
      'data.utm.campaign',
      /must be a string, not a number/,
    ],
    [
      'a null utm value with a hyphenated key',
      withData('click.recorded', { utm: { 'utm-source': null } }),
      'data.utm["utm-source"]',
      /must be a string, not null/,
    ],
    // whole days, date-times
    ['protectionDays 0', withData('deal.approved', { protectionDays: 0 }), 'data.protectionDays', /must be at least 1 day, not 0/],
    ['negative protectionDays', withData('deal.approved', { protectionDays: -5 }), 'data.protectionDays', /must be at least 1 day, not -5/],
    [
      'protectionDays 3651',
      withData('deal.approved', { protectionDays: 3651 }),
      'data.protectionDays',
      /must be at most 3650 days, not 3651/,
    ],
    [
      'fractional protectionDays',
      withData('deal.approved', { protectionDays: 30.5 }),
      'data.protectionDays',
      /must be a whole number of days, not 30.5/,
    ],
    [
      'protectionDays as a string',
      withData('deal.approved', { protectionDays: '30' }),
      'data.protectionDays',
      /must be a whole number of days, not a string/,
    ],
    ['until without a time', withData('account.reserved', { until: '2026-12-31' }), 'data.until', /"2026-12-31" is a date without a time/],
    ['until without a zone', withData('account.reserved', { until: '2026-12-31T00:00:00' }), 'data.until', /has no time zone/],
    [
      'until on 31 April',
      withData('account.reserved', { until: '2026-04-31T00:00:00Z' }),
      'data.until',
      /has day 31, but April 2026 has 30 days/,
    ],
    // refunds point at exactly one thing
    [
      'a refund with both invoiceId and conversionId',
      withData('invoice.refunded', { conversionId: 'CV-1' }),
      'data',
      /^must have exactly one of "invoiceId" or "conversionId"; both are present$/,
    ],
    [
      'a refund with neither invoiceId nor conversionId',
      withoutData('invoice.refunded', 'invoiceId'),
      'data',
      /^must have exactly one of "invoiceId" or "conversionId"; neither is present$/,
    ],
  ];

  it.each(cases)('rejects %s', (_case, input, path, message) => {
    expect(errorsOf(input)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('does not check data against a type it does not know', () => {
    expect(errorsOf(event('deal.won', { anything: 1 })).map((error) => error.path)).toEqual(['type']);
  });
});

describe('validateCloudEvent: money rejections', () => {
  const cases: Case[] = [
    [
      'a float amount',
      withAmount('deal.closed_won', { amount: 12.5, currency: 'USD' }),
      'data.amount.amount',
      /^must be a decimal string such as "12.5", not a JSON number$/,
    ],
    [
      'an integer amount',
      withAmount('invoice.paid', { amount: 100, currency: 'JPY' }),
      'data.amount.amount',
      /must be a decimal string such as "100", not a JSON number/,
    ],
    ['an exponent', withAmount('deal.closed_won', usd('1e3')), 'data.amount.amount', /"1e3" uses an exponent; write plain decimal digits/],
    [
      '16 digits before the point',
      withAmount('deal.closed_won', usd('1000000000000000.00')),
      'data.amount.amount',
      /^"1000000000000000.00" has 16 digits before the decimal point; an amount has at most 15$/,
    ],
    [
      'a thousand digits',
      withAmount('invoice.refunded', usd('9'.repeat(1000))),
      'data.amount.amount',
      /\(1000 characters\) has 1000 digits before the decimal point/,
    ],
    [
      'a 16-digit estimated value',
      withData('deal.registered', { dealId: 'D-1', partnerId: 'P-1', accountDomain: 'acme.com', estimatedValue: usd('1234567890123456') }),
      'data.estimatedValue.amount',
      /has 16 digits/,
    ],
    ['an upper-case exponent', withAmount('deal.closed_won', usd('1.5E2')), 'data.amount.amount', /"1.5E2" uses an exponent/],
    ['a plus sign', withAmount('deal.closed_won', usd('+5.00')), 'data.amount.amount', /"\+5.00" is not a plain decimal number/],
    ['a leading dot', withAmount('deal.closed_won', usd('.5')), 'data.amount.amount', /is not a plain decimal number/],
    ['a trailing dot', withAmount('deal.closed_won', usd('5.')), 'data.amount.amount', /is not a plain decimal number/],
    ['thousands separators', withAmount('deal.closed_won', usd('1,234.50')), 'data.amount.amount', /is not a plain decimal number/],
    ['surrounding spaces', withAmount('deal.closed_won', usd(' 5.00')), 'data.amount.amount', /is not a plain decimal number/],
    ['an empty amount', withAmount('deal.closed_won', usd('')), 'data.amount.amount', /is not a plain decimal number/],
    [
      'a boolean amount',
      withAmount('deal.closed_won', { amount: true, currency: 'USD' }),
      'data.amount.amount',
      /must be a decimal string/,
    ],
    [
      '3 decimals in USD',
      withAmount('deal.closed_won', usd('1.234')),
      'data.amount.amount',
      /^"1.234" has 3 decimal places but USD has 2$/,
    ],
    [
      'decimals in JPY',
      withAmount('invoice.paid', { amount: '10.5', currency: 'JPY' }),
      'data.amount.amount',
      /^"10.5" has 1 decimal places but JPY has 0$/,
    ],
    [
      '4 decimals in KWD',
      withAmount('invoice.refunded', { amount: '1.2345', currency: 'KWD' }),
      'data.amount.amount',
      /^"1.2345" has 4 decimal places but KWD has 3$/,
    ],
    [
      'an unknown currency',
      withAmount('deal.closed_won', { amount: '10.00', currency: 'ABC' }),
      'data.amount.currency',
      /^"ABC" is not a known ISO 4217 currency code$/,
    ],
    [
      'a lower-case currency',
      withAmount('deal.closed_won', { amount: '10.00', currency: 'usd' }),
      'data.amount.currency',
      /"usd" is not a known ISO 4217 currency code/,
    ],
    [
      'a currency without minor unit (gold)',
      withAmount('deal.closed_won', { amount: '1', currency: 'XAU' }),
      'data.amount.currency',
      /"XAU" is not a known ISO 4217 currency code/,
    ],
    [
      'a numeric currency',
      withAmount('deal.closed_won', { amount: '10.00', currency: 840 }),
      'data.amount.currency',
      /must be an ISO 4217 code string/,
    ],
    ['a missing currency', withAmount('deal.closed_won', { amount: '10.00' }), 'data.amount.currency', /^is required$/],
    ['a missing amount inside the money', withAmount('deal.closed_won', { currency: 'USD' }), 'data.amount.amount', /^is required$/],
    [
      'an extra money field',
      withAmount('deal.closed_won', { amount: '10.00', currency: 'USD', cents: 1000 }),
      'data.amount.cents',
      /is not a money field \(only "amount" and "currency"\)/,
    ],
    [
      'a __proto__ key inside the money',
      withAmount('deal.closed_won', JSON.parse('{"amount":"10.00","currency":"USD","__proto__":{}}')),
      'data.amount.__proto__',
      /is not a money field/,
    ],
    [
      'money as a bare string',
      withAmount('deal.closed_won', '12.50'),
      'data.amount',
      /must be an object \{"amount": "<decimal string>", "currency": "<ISO 4217 code>"\}/,
    ],
    ['money as a bare number', withAmount('invoice.paid', 12.5), 'data.amount', /must be an object/],
    ['money null', withAmount('invoice.paid', null), 'data.amount', /must not be null/],
    ['a negative conversion', withAmount('deal.closed_won', usd('-5.00')), 'data.amount.amount', /^must not be negative$/],
    ['a negative invoice', withAmount('invoice.paid', usd('-0.01')), 'data.amount.amount', /must not be negative/],
    ['a negative refund', withAmount('invoice.refunded', usd('-10')), 'data.amount.amount', /must not be negative/],
    [
      'a negative estimatedValue',
      withData('deal.registered', { estimatedValue: usd('-1') }),
      'data.estimatedValue.amount',
      /must not be negative/,
    ],
    ['a null estimatedValue', withData('deal.registered', { estimatedValue: null }), 'data.estimatedValue', /must be an object/],
    ['a zero conversion', withAmount('deal.closed_won', usd('0.00')), 'data.amount.amount', /^must be greater than zero$/],
    ['a zero invoice', withAmount('invoice.paid', { amount: '0', currency: 'JPY' }), 'data.amount.amount', /must be greater than zero/],
    ['a zero refund', withAmount('invoice.refunded', usd('0')), 'data.amount.amount', /must be greater than zero/],
  ];

  it.each(cases)('rejects %s', (_case, input, path, message) => {
    expect(errorsOf(input)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('reports every problem of one money value', () => {
    expect(errorsOf(withAmount('deal.closed_won', { amount: 12.5, currency: 'usd' }))).toEqual([
      { path: 'data.amount.currency', message: expect.stringMatching(/"usd" is not a known/) },
      { path: 'data.amount.amount', message: expect.stringMatching(/not a JSON number/) },
    ]);
  });
});

describe('validateCloudEvent: error collection', () => {
  it('collects every error of the envelope and the data, not only the first', () => {
    const input = {
      specversion: '0.3',
      id: 'evt-1',
      source: '',
      type: 'deal.closed_won',
      time: '2026-03-04',
      Extra: true,
      data: { conversionId: 'CV-1', accountDomain: 'globex', amount: { amount: '1.234', currency: 'USD' }, coupon: 'X' },
    };
    expect(errorsOf(input)).toEqual([
      { path: 'specversion', message: expect.any(String) },
      { path: 'source', message: expect.any(String) },
      { path: 'time', message: expect.any(String) },
      { path: 'Extra', message: expect.any(String) },
      { path: 'data.customerId', message: 'is required' },
      { path: 'data.accountDomain', message: expect.any(String) },
      { path: 'data.amount.amount', message: '"1.234" has 3 decimal places but USD has 2' },
      { path: 'data.coupon', message: expect.stringMatching(/is not a field of deal.closed_won/) },
    ]);
  });

  it('prefixes every path with the position in a batch', () => {
    const input = { ...withAmount('deal.closed_won', { amount: 12.5, currency: 'USD' }), time: 'soon' };
    expect(errorsOf(input, '[2]').map((error) => error.path)).toEqual(['[2].time', '[2].data.amount.amount']);
    expect(errorsOf({ ...valid('payout.paid'), 'x-y': 1 }, '[0]').map((error) => error.path)).toEqual(['[0]["x-y"]']);
  });

  it('echoes id and source of a rejected event when they are strings', () => {
    const outcome = validateCloudEvent({ ...valid('payout.paid'), time: 'soon' });
    expect(outcome).toMatchObject({ ok: false, id: 'evt-123', source: 'crm' });
    const anonymous = validateCloudEvent({ ...valid('payout.paid'), id: 5, source: undefined });
    expect(anonymous.ok).toBe(false);
    expect(anonymous).not.toHaveProperty('id');
    expect(anonymous).not.toHaveProperty('source');
  });
});

describe('validateCloudEvent: characters the store cannot keep', () => {
  it('refuses a NUL character anywhere, naming where it is, so the rest of a batch can still be stored', () => {
    const input = { ...valid('click.recorded'), data: { partnerId: 'P-1', visitorId: 'v\u00001', utm: { campaign: 'x\u0000' } } };
    const outcome = validateCloudEvent(input);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.errors).toEqual(
        expect.arrayContaining([
          { path: 'data.visitorId', message: 'must not contain the NUL character (U+0000)' },
          { path: 'data.utm.campaign', message: 'must not contain the NUL character (U+0000)' },
        ]),
      );
    }
  });
});
