import fc from 'fast-check';
import { joinPath, keyStep } from '@ledger/kernel';
import { PARTNER_STATUSES, PARTNER_TYPES } from '@ledger/contracts';
import { anyJson, anyString, invalidAmountString, invalidDateString, nest, ODD_CURRENCIES, validInstant } from './arbitraries';
import { SEEDED } from './fuzz-app';

/**
 * Valid CloudEvents of every type of SPEC §2 that refer to the seeded program (so accepted ones
 * make the projections work), and mutations of them. A mutation marked `breaks` makes the event
 * certainly invalid in that field: its verdict must be `rejected` naming it. Other mutations may or
 * may not leave the event valid; only the general rules apply to them.
 */

export type Json = Record<string, unknown>;

/** Stands for a fresh event id, filled in when the request is built so no two cases collide. */
export const FRESH_ID = '\u0002fresh-id\u0002';

/** A value written into the JSON text as is (e.g. 1e999, -0, a 30-digit integer). */
export const raw = (token: string) => `\u0003raw:${token}\u0003`;
const RAW_TOKEN = /"\\u0003raw:(.*?)\\u0003"/g;

/** JSON text of `value`, with raw() tokens substituted. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value).replace(RAW_TOKEN, (_match, token: string) => token);
}

/** Business times: mostly around now, sometimes at the very ends of the years the contract allows. */
const DATE_TIME_FORMS = fc.oneof(
  { weight: 20, arbitrary: validInstant.filter((value) => value.length > 10) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '9999-12-31T23:59:59.999Z',
      '9999-12-31T00:00:00Z',
      '9999-12-31T23:59:59-00:00',
      '0001-01-01T00:00:00Z',
      '0001-01-01T23:59:59+23:59',
      '2000-02-29T12:00:00Z',
    ),
  },
);

const MINOR_UNITS: Record<string, number> = { USD: 2, EUR: 2, GBP: 2, JPY: 0, KWD: 3, CLF: 4 };

/** Valid money in a currency of the contract: right number of decimals, at most 15 integer digits. */
export const validMoney = fc
  .record({
    currency: fc.constantFrom('USD', 'USD', 'USD', 'EUR', 'JPY', 'KWD', 'CLF', 'GBP'),
    units: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.bigInt({ min: 0n, max: 999_999_999_999_999n })),
    fraction: fc.integer({ min: 0, max: 9999 }),
    decimals: fc.integer({ min: 0, max: 4 }),
  })
  .map(({ currency, units, fraction, decimals }) => {
    const places = Math.min(decimals, MINOR_UNITS[currency]);
    const amount = places === 0 ? String(units) : `${units}.${String(fraction).padStart(4, '0').slice(0, places)}`;
    return { amount: /^0(\.0*)?$/.test(amount) ? '1' : amount, currency };
  });

const text = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _.-]{0,20}$/) },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
      .filter((value) => value.trim() !== '' && !value.includes('\u0000')),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('=HYPERLINK("x")', '+1', '-1', '@a', 'Ünïcødé', '💸 partner', "O'Brien", 'a\tb', 'x'.repeat(256)),
  },
);
const pool = (values: string[], fresh: string) =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.nat(40).map((n) => `${fresh}${n}`) });
const partnerId = pool(SEEDED.partners, 'FZ-P-');
const customerId = pool(SEEDED.customers, 'FZ-CU-');
const visitorId = pool(SEEDED.visitors, 'fz-v-');
const code = pool(SEEDED.coupons, 'FZ-CODE-');
const dealId = pool(['D-1', 'D-2'], 'FZ-D-');
const domain = fc.oneof(fc.constantFrom(...SEEDED.domains, 'www.a1.com', 'A1.COM', 'xn--bcher-kva.example'), fc.domain());
const conversionId = fc.nat(1_000_000).map((n) => `FZ-C-${n}`);

/** Each type's data, with the fields SPEC §2 requires and some of the optional ones. */
export const DATA_BY_TYPE: Record<string, fc.Arbitrary<Json>> = {
  'partner.enrolled': fc.record(
    { partnerId, name: text, partnerType: fc.constantFrom(...PARTNER_TYPES), websiteDomain: domain },
    { requiredKeys: ['partnerId', 'name', 'partnerType'] },
  ),
  'partner.certified': fc.record({ partnerId, certification: text }),
  'partner.status_changed': fc.record({ partnerId, status: fc.constantFrom(...PARTNER_STATUSES) }),
  'coupon.issued': fc.record({ code, partnerId }),
  'click.recorded': fc.record(
    {
      partnerId,
      visitorId,
      linkId: text,
      landingUrl: fc.constantFrom('https://acme.example/pricing', 'http://a1.com/?utm_source=x', 'https://xn--bcher-kva.example/a%20b'),
      utm: fc.dictionary(fc.stringMatching(/^[a-z_]{1,10}$/), text, { maxKeys: 3 }),
    },
    { requiredKeys: ['partnerId', 'visitorId'] },
  ),
  'customer.identified': fc.record({ customerId, visitorId, accountDomain: domain }, { requiredKeys: ['customerId'] }),
  'coupon.redeemed': fc.record({ code, customerId }),
  'account.reserved': fc.record({ accountDomain: domain, until: DATE_TIME_FORMS }, { requiredKeys: ['accountDomain'] }),
  'deal.registered': fc.record(
    { dealId, partnerId, accountDomain: domain, estimatedValue: validMoney },
    { requiredKeys: ['dealId', 'partnerId', 'accountDomain'] },
  ),
  'deal.approved': fc.record({ dealId, protectionDays: fc.integer({ min: 1, max: 3650 }) }, { requiredKeys: ['dealId'] }),
  'deal.rejected': fc.record({ dealId, reason: text }),
  'deal.closed_lost': fc.record({ dealId, reason: text }, { requiredKeys: ['dealId'] }),
  'deal.closed_won': fc.record(
    { conversionId, customerId, accountDomain: domain, amount: validMoney, dealId },
    { requiredKeys: ['conversionId', 'customerId', 'accountDomain', 'amount'] },
  ),
  'invoice.paid': fc.record({ invoiceId: conversionId.map((id) => id.replace('FZ-C-', 'FZ-INV-')), customerId, amount: validMoney }),
  'invoice.refunded': fc.oneof(
    fc.record({ conversionId: fc.constantFrom(...SEEDED.conversions, 'FZ-C-unknown'), amount: validMoney }),
    fc.record({ invoiceId: fc.constantFrom('INV-1', 'FZ-INV-unknown'), amount: validMoney }),
  ),
  'payout.paid': fc.record({ payoutId: pool(['payout-unknown'], 'FZ-PO-'), reason: text }, { requiredKeys: ['payoutId'] }),
  'payout.failed': fc.record({ payoutId: pool(['payout-unknown'], 'FZ-PO-'), reason: text }, { requiredKeys: ['payoutId'] }),
};

/** Fields each type requires, and how to break each one for certain. */
const REQUIRED_DATA: Record<string, string[]> = {
  'partner.enrolled': ['partnerId', 'name', 'partnerType'],
  'partner.certified': ['partnerId', 'certification'],
  'partner.status_changed': ['partnerId', 'status'],
  'coupon.issued': ['code', 'partnerId'],
  'click.recorded': ['partnerId', 'visitorId'],
  'customer.identified': ['customerId'],
  'coupon.redeemed': ['code', 'customerId'],
  'account.reserved': ['accountDomain'],
  'deal.registered': ['dealId', 'partnerId', 'accountDomain'],
  'deal.approved': ['dealId'],
  'deal.rejected': ['dealId', 'reason'],
  'deal.closed_lost': ['dealId'],
  'deal.closed_won': ['conversionId', 'customerId', 'accountDomain', 'amount'],
  'invoice.paid': ['invoiceId', 'customerId', 'amount'],
  'invoice.refunded': ['amount'],
  'payout.paid': ['payoutId'],
  'payout.failed': ['payoutId'],
};
const MONEY_FIELDS = ['amount', 'estimatedValue'];
const TEXT_FIELDS = [
  'partnerId',
  'name',
  'certification',
  'code',
  'visitorId',
  'customerId',
  'dealId',
  'reason',
  'conversionId',
  'invoiceId',
  'payoutId',
  'linkId',
];
const DOMAIN_FIELDS = ['accountDomain'];

export const EVENT_TYPES = Object.keys(DATA_BY_TYPE);

export const validEvent: fc.Arbitrary<Json> = fc
  .record({
    type: fc.constantFrom(...EVENT_TYPES),
    source: fc.constantFrom('crm', 'tracker', 'billing', 'payments', 'fuzz'),
    time: DATE_TIME_FORMS,
    extensions: fc.dictionary(fc.stringMatching(/^[a-z0-9]{1,8}$/), fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean()), {
      maxKeys: 2,
    }),
    subject: fc.option(text, { nil: undefined }),
  })
  .chain(({ type, source, time, extensions, subject }) =>
    DATA_BY_TYPE[type].map((data) => {
      // Extension names must not shadow a context attribute.
      const extra = Object.fromEntries(
        Object.entries(extensions).filter(
          ([name]) => !['specversion', 'id', 'source', 'type', 'time', 'data', 'subject', 'datacontenttype', 'dataschema'].includes(name),
        ),
      );
      return {
        ...extra,
        specversion: '1.0',
        id: FRESH_ID,
        source,
        type,
        time,
        ...(subject === undefined ? {} : { subject }),
        data,
      } as Json;
    }),
  );

/** A change to an event; `breaks` names the field it certainly makes invalid (relative to the event). */
export interface Mutation {
  apply(event: Json): void;
  breaks?: string;
  label: string;
}

const ENVELOPE_REQUIRED = ['specversion', 'id', 'source', 'type', 'time', 'data'];

const dataOf = (event: Json) =>
  typeof event.data === 'object' && event.data !== null && !Array.isArray(event.data) ? (event.data as Json) : undefined;

/** Values no Text field accepts. */
const badText = fc.constantFrom<unknown>('', '   ', 'x'.repeat(257), 'a\u0000b', null, 5, true, [], {}, ['P-1'], { id: 'P-1' });
const badDomain = fc.constantFrom<unknown>(
  'acme',
  'acme..com',
  '-acme.com',
  'acme.com.',
  'https://acme.com',
  'a@acme.com',
  '127.0.0.1',
  'acme.123',
  'ac me.com',
  `${'a'.repeat(64)}.com`,
  '',
  null,
  5,
);

/**
 * Mutations for an event of `type`. Those that certainly break it say which field; the rest throw
 * random values, odd keys, raw numbers and nesting at random places.
 */
export function mutationFor(type: string): fc.Arbitrary<Mutation> {
  const required = REQUIRED_DATA[type] ?? [];
  const moneyFields = MONEY_FIELDS.filter(
    (field) => required.includes(field) || (type === 'deal.registered' && field === 'estimatedValue'),
  );
  const textFields = TEXT_FIELDS.filter((field) => required.includes(field));
  const domainFields = DOMAIN_FIELDS.filter((field) => required.includes(field));
  const options: Array<fc.Arbitrary<Mutation>> = [
    fc
      .constantFrom(...ENVELOPE_REQUIRED)
      .map((attribute) => ({ label: `drop ${attribute}`, breaks: attribute, apply: (event: Json) => void delete event[attribute] })),
    fc.constantFrom<unknown>('1.1', '1', 1.0, '', null, '0.3', ' 1.0').map((value) => ({
      label: `specversion ${JSON.stringify(value)}`,
      breaks: 'specversion',
      apply: (event: Json) => void (event.specversion = value),
    })),
    invalidDateString.map((value) => ({
      label: `time ${JSON.stringify(value)}`,
      breaks: 'time',
      apply: (event: Json) => void (event.time = value),
    })),
    fc
      .constantFrom<unknown>(
        'deal.closed-won',
        'DEAL.CLOSED_WON',
        'attribution.decided',
        'adjustment.recorded',
        'payout.scheduled',
        'ledger.tx',
        '',
        null,
        7,
      )
      .map((value) => ({
        label: `type ${JSON.stringify(value)}`,
        breaks: 'type',
        apply: (event: Json) => void (event.type = value),
      })),
    badText.map((value) => ({ label: `id ${JSON.stringify(value)}`, breaks: 'id', apply: (event: Json) => void (event.id = value) })),
    badText.map((value) => ({
      label: `source ${JSON.stringify(value)}`,
      breaks: 'source',
      apply: (event: Json) => void (event.source = value),
    })),
    fc.constant({ label: 'source partner-ledger', breaks: 'source', apply: (event: Json) => void (event.source = 'partner-ledger') }),
    fc
      .constantFrom<unknown>(null, [], 'data', 5, true)
      .map((value) => ({ label: `data ${JSON.stringify(value)}`, breaks: 'data', apply: (event: Json) => void (event.data = value) })),
    fc.constantFrom('Foo', 'x-y', 'ünï', 'a b', '', 'X').map((name) => ({
      label: `attribute ${JSON.stringify(name)}`,
      breaks: keyStep(name),
      apply: (event: Json) => void (event[name] = 'x'),
    })),
    fc
      .constantFrom<unknown>(1.5, null, [], {}, -0.5)
      .map((value) => ({ label: `extension ${JSON.stringify(value)}`, breaks: 'ext', apply: (event: Json) => void (event.ext = value) })),
    fc.constantFrom('zzz', 'websiteDomainX', 'constructor', '__proto__', 'Amount', '').map((name) => ({
      label: `data.${name} added`,
      breaks: joinPath('data', keyStep(name)),
      apply: (event: Json) => {
        const data = dataOf(event);
        if (data) Object.defineProperty(data, name, { value: 'x', enumerable: true, configurable: true, writable: true });
      },
    })),
    fc.constant({ label: 'NUL in source', breaks: 'source', apply: (event: Json) => void (event.source = `crm\u0000`) }),
    fc.constant({ label: 'data nests 70 levels', breaks: 'data', apply: (event: Json) => void (event.data = nest(70, 'x')) }),
  ];
  if (required.length > 0) {
    options.push(
      fc.constantFrom(...required).map((field) => ({
        label: `drop data.${field}`,
        breaks: `data.${field}`,
        apply: (event: Json) => void delete dataOf(event)?.[field],
      })),
    );
  }
  if (textFields.length > 0) {
    options.push(
      // Free text (a rejection or failure reason) may run to 2000 characters; identifiers to 256.
      fc.tuple(fc.constantFrom(...textFields), badText).map(([field, picked]) => {
        const value = field === 'reason' && picked === 'x'.repeat(257) ? 'x'.repeat(2001) : picked;
        return {
          label: `data.${field} ${JSON.stringify(value)?.slice(0, 60)}`,
          breaks: `data.${field}`,
          apply: (event: Json) => void (dataOf(event) && (dataOf(event)![field] = value)),
        };
      }),
    );
  }
  if (domainFields.length > 0) {
    options.push(
      fc.tuple(fc.constantFrom(...domainFields), badDomain).map(([field, value]) => ({
        label: `data.${field} ${JSON.stringify(value)}`,
        breaks: `data.${field}`,
        apply: (event: Json) => void (dataOf(event) && (dataOf(event)![field] = value)),
      })),
    );
  }
  if (moneyFields.length > 0) {
    options.push(
      fc.tuple(fc.constantFrom(...moneyFields), invalidAmountString).map(([field, amount]) => ({
        label: `data.${field}.amount ${JSON.stringify(amount.slice(0, 30))}`,
        breaks: `data.${field}`,
        apply: (event: Json) => void (dataOf(event) && (dataOf(event)![field] = { amount, currency: 'USD' })),
      })),
      fc.tuple(fc.constantFrom(...moneyFields), fc.constantFrom(...ODD_CURRENCIES)).map(([field, currency]) => ({
        label: `data.${field}.currency ${JSON.stringify(currency)}`,
        breaks: `data.${field}`,
        apply: (event: Json) => void (dataOf(event) && (dataOf(event)![field] = { amount: '10.00', currency })),
      })),
      fc
        .tuple(fc.constantFrom(...moneyFields), fc.constantFrom('1e999', '-0', '10', '10.5', '123456789012345678901234567890'))
        .map(([field, token]) => ({
          label: `data.${field}.amount raw ${token}`,
          breaks: `data.${field}`,
          apply: (event: Json) => void (dataOf(event) && (dataOf(event)![field] = { amount: raw(token), currency: 'USD' })),
        })),
      fc.tuple(fc.constantFrom(...moneyFields), fc.constantFrom('-5.00', '0', '0.00', '-0.00')).map(([field, amount]) => ({
        label: `data.${field}.amount ${amount}`,
        // An estimate may be zero; a conversion or refund of nothing may not; nothing upstream is negative.
        breaks: field === 'estimatedValue' && /^0(\.0+)?$/.test(amount) ? undefined : `data.${field}`,
        apply: (event: Json) => void (dataOf(event) && (dataOf(event)![field] = { amount, currency: 'USD' })),
      })),
    );
  }
  if (type === 'partner.enrolled') {
    options.push(
      badDomain.map((value) => ({
        label: `data.websiteDomain ${JSON.stringify(value)}`,
        breaks: 'data.websiteDomain',
        apply: (event: Json) => void (dataOf(event) && (dataOf(event)!.websiteDomain = value)),
      })),
    );
  }
  if (type === 'account.reserved') {
    options.push(
      invalidDateString.map((value) => ({
        label: `data.until ${JSON.stringify(value)}`,
        breaks: 'data.until',
        apply: (event: Json) => void (dataOf(event) && (dataOf(event)!.until = value)),
      })),
    );
  }
  if (type === 'deal.approved') {
    options.push(
      fc.constantFrom<unknown>(0, -1, 3651, 1.5, '30', null, raw('1e999'), raw('30.0000000000000001')).map((value) => ({
        label: `data.protectionDays ${JSON.stringify(value)}`,
        // 30.0000000000000001 reads as the number 30: a JSON number with a fraction that rounds away is still 30.
        breaks: value === raw('30.0000000000000001') ? undefined : 'data.protectionDays',
        apply: (event: Json) => void (dataOf(event) && (dataOf(event)!.protectionDays = value)),
      })),
    );
  }
  if (type === 'invoice.refunded') {
    options.push(
      fc.constant({
        label: 'refund names both ids',
        breaks: 'data',
        apply: (event: Json) => void (dataOf(event) && Object.assign(dataOf(event)!, { invoiceId: 'INV-1', conversionId: 'C-1' })),
      }),
    );
  }
  if (type === 'click.recorded') {
    options.push(
      fc
        .constantFrom<unknown>('javascript:alert(1)', 'ftp://a.com', 'acme.com/x', '', 5, `https://a.com/${'x'.repeat(2100)}`)
        .map((value) => ({
          label: `data.landingUrl ${JSON.stringify(String(value).slice(0, 30))}`,
          breaks: 'data.landingUrl',
          apply: (event: Json) => void (dataOf(event) && (dataOf(event)!.landingUrl = value)),
        })),
      fc.constantFrom<unknown>([], 'x', { a: 1 }, { a: null }, { a: 'x'.repeat(257) }).map((value) => ({
        label: `data.utm ${JSON.stringify(value).slice(0, 30)}`,
        breaks: 'data.utm',
        apply: (event: Json) => void (dataOf(event) && (dataOf(event)!.utm = value)),
      })),
    );
  }
  // Uncertain: anything at any field, valid or not.
  const anyField = fc.constantFrom(
    ...ENVELOPE_REQUIRED,
    'subject',
    'datacontenttype',
    'dataschema',
    ...required.map((field) => `data.${field}`),
  );
  options.push(
    fc
      .tuple(
        anyField,
        fc.oneof(anyJson, anyString, fc.constantFrom(raw('1e999'), raw('-0'), raw('1E2'), raw('123456789012345678901234567890'))),
      )
      .map(([field, value]) => ({
        label: `${field} := ${JSON.stringify(value)?.slice(0, 40)}`,
        apply: (event: Json) => {
          const [head, tail] = field.split('.');
          if (tail === undefined) event[head] = value;
          else if (dataOf(event)) dataOf(event)![tail] = value;
        },
      })),
  );
  return fc.oneof(...options);
}

/** A valid event and 0-3 mutations of it (none in about a third of the cases). */
export const mutatedEvent: fc.Arbitrary<{ event: Json; mutations: Mutation[] }> = validEvent.chain((event) =>
  fc
    .oneof(
      { weight: 1, arbitrary: fc.constant([] as Mutation[]) },
      { weight: 2, arbitrary: fc.array(mutationFor(event.type as string), { minLength: 1, maxLength: 3 }) },
    )
    .map((mutations) => {
      // A copy after every step: a mutation inserts values fast-check shares between runs
      // (constantFrom objects), and the next one must not write into them (nor make a cycle).
      let copy = structuredClone(event);
      for (const mutation of mutations) {
        mutation.apply(copy);
        copy = structuredClone(copy);
      }
      return { event: copy, mutations };
    }),
);
