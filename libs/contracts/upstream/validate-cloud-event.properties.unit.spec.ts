import fc from 'fast-check';
import { PARTNER_STATUSES, PARTNER_TYPES, UPSTREAM_EVENT_TYPES } from './event-types';
import { agreeingWithFrozen } from './testing/differential';
import { envelope, fullData, minimalData } from './testing/event-samples';
import { DATA_DTO_BY_TYPE } from './event-data.dto';
import { fieldsOf } from './field-rules';

/*
 * The compiled validator against the frozen class-validator implementation it replaced
 * (testing/frozen-class-validator/): on every input both must give the identical outcome, the
 * accepted copy, each message, each path and their order included. validate-cloud-event.unit.spec.ts
 * runs every one of its cases through the same comparison; here are the event inputs of the
 * strict-input end-to-end suite and random events: valid ones of every type, then mutated a few
 * times over (fields removed, set to values near every rule's edge, unknown fields and extension
 * attributes, a type that does not match the data), and arbitrary JSON. The inputs are what the
 * JSON parsers produce (plus keys set to undefined and -0, which JS callers can pass).
 */
const validate = agreeingWithFrozen();

describe('the compiled validator answers as the class-validator one did', () => {
  it('on the events of the strict-input suite (test/api/strict-input.e2e.test.ts)', () => {
    const base = { specversion: '1.0', id: 'evt-1', source: 'test', time: '2026-03-04T10:00:00Z' };
    const closed = (amount: string) => ({
      ...base,
      type: 'deal.closed_won',
      data: { conversionId: `C-${amount.length}`, customerId: 'CU-1', accountDomain: 'acme.com', amount: { amount, currency: 'USD' } },
    });
    const enrolled = { ...base, type: 'partner.enrolled', data: { partnerId: 'P-9', name: 'Early', partnerType: 'reseller' } };
    const inputs: Array<[unknown, string]> = [
      [{ ...enrolled, time: '0001-01-01T00:00:00+01:00' }, ''],
      [{ ...enrolled, id: 'evt-feb-30', time: '2025-02-30T10:00:00Z' }, ''],
      [closed('1000000000000000.00'), '[0]'],
      [closed('9'.repeat(1000)), '[1]'],
      [closed('999999999999999.99'), ''],
      [{ ...base, type: 'click.recorded', data: { partnerId: 'P-1', visitorId: 'v-nul-ok' } }, '[0]'],
      [{ ...base, type: 'click.recorded', data: { partnerId: 'P-1', visitorId: 'v\u0000' } }, '[1]'],
      [
        {
          ...base,
          type: 'deal.closed_won',
          data: { conversionId: 'C-1', customerId: 'CU-1', accountDomain: 'acme.com', amount: { amount: 12.5, currency: 'USD' } },
        },
        '[1]',
      ],
    ];
    for (const [input, prefix] of inputs) validate(input, prefix);
  });

  it('on every field of every type set to every edge value, and left out', () => {
    const sweep = (valid: Record<string, unknown>, names: string[], into: (changed: Record<string, unknown>) => unknown) => {
      for (const name of names) {
        for (const value of EDGE_VALUES) validate(into(withOwn(valid, name, value)));
        validate(into(without(valid, name)));
      }
    };
    // The attributes that do not depend on the type once, `type` and `data` with every type.
    const click = { ...envelope, type: 'click.recorded', data: fullData['click.recorded'] };
    sweep(click, [...ENVELOPE_ATTRIBUTES.filter((name) => name !== 'type' && name !== 'data'), 'unknownattr'], (changed) => changed);
    for (const type of UPSTREAM_EVENT_TYPES) {
      sweep({ ...envelope, type, data: fullData[type] }, ['type', 'data'], (changed) => changed);
      for (const data of [fullData[type], minimalData[type]]) {
        sweep(data, [...fieldsOf(DATA_DTO_BY_TYPE[type]), 'unknownField'], (changed) => ({ ...envelope, type, data: changed }));
      }
    }
  });

  it('on random valid and mutated events', () => {
    fc.assert(
      fc.property(eventLike(), fc.constantFrom('', '[0]', '[17]'), (input, prefix) => {
        validate(input, prefix);
      }),
      { numRuns: 4000 },
    );
  });

  it('on arbitrary JSON, as an event and as its data', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...UPSTREAM_EVENT_TYPES), (value, type) => {
        validate(value);
        validate({ ...envelope, type, data: value });
      }),
      { numRuns: 1000 },
    );
  });
});

const ALL_DATA_FIELDS = [...new Set(UPSTREAM_EVENT_TYPES.flatMap((type) => fieldsOf(DATA_DTO_BY_TYPE[type])))];
const ENVELOPE_ATTRIBUTES = ['specversion', 'id', 'source', 'type', 'time', 'data', 'subject', 'datacontenttype', 'dataschema'];
const OTHER_NAMES = [
  'traceparent',
  'seq',
  'x-y',
  'Extra',
  'ünicode',
  '',
  'constructor',
  'toString',
  '__proto__',
  'a\u0000b',
  'amount',
  'currency',
  'cents',
];

/** Strings near the edge of every rule (length limits, shapes of dates, domains, URLs, amounts, codes). */
const EDGE_STRINGS = [
  '',
  ' ',
  '\t\n',
  'P-1',
  ' P-1 ',
  'x'.repeat(256),
  'x'.repeat(257),
  'r'.repeat(2000),
  'r'.repeat(2001),
  'v\u0000',
  '\u0000',
  '\ud800',
  '😀',
  'acme.com',
  'www.Globex.COM',
  'globex',
  'acme-.com',
  '-acme.com',
  'a.b.c.d.e',
  '1.2.3.4',
  'acme.com.',
  `${'a'.repeat(64)}.com`,
  `${'a.'.repeat(127)}com`,
  'user@acme.com',
  'https://acme.com/pricing',
  'http://localhost:3000/x',
  'https://',
  'ftp://acme.com',
  'acme.com/pricing',
  'javascript:alert(1)',
  `https://acme.com/${'p'.repeat(2030)}`,
  `https://acme.com/${'p'.repeat(2040)}`,
  '2026-03-04T10:00:00Z',
  '2026-03-04t10:00:00z',
  '2026-03-04T10:00:00.123456+02:00',
  '2026-03-04',
  '2026-03-04T10:00:00',
  '2026-03-04 10:00',
  '2026-02-30T10:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-03-04T24:00:00Z',
  '2026-03-04T10:00:00+24:00',
  '0001-01-01T00:00:00+01:00',
  '9999-12-31T23:59:59-23:59',
  '1.0',
  '0.3',
  '1',
  '1234.50',
  '0',
  '0.00',
  '-5.00',
  '1e3',
  '+5',
  '.5',
  '1,234.50',
  '1000000000000000.00',
  '999999999999999.99',
  'USD',
  'usd',
  'JPY',
  'KWD',
  'XAU',
  'ABC',
  ...UPSTREAM_EVENT_TYPES,
  'deal.won',
  'Deal.Closed_Won',
  ...PARTNER_TYPES,
  ...PARTNER_STATUSES,
  'Referral',
];
const EDGE_SCALARS: unknown[] = [null, undefined, true, false, 0, -0, 1, 90, 1.5, -1, 3650, 3651, 1e21, Infinity];
const EDGE_VALUES: unknown[] = [
  ...EDGE_STRINGS,
  ...EDGE_SCALARS,
  [],
  ['P-1'],
  {},
  { amount: '10.00', currency: 'USD' },
  { amount: '0', currency: 'USD' },
  { amount: '10.001', currency: 'USD' },
  { amount: 10, currency: 'usd' },
  { amount: '10.00' },
  { currency: 'USD', amount: '10.00', cents: 1 },
  { campaign: 'spring' },
  { campaign: 1 },
  { campaign: 'x'.repeat(257) },
  JSON.parse('{"__proto__":"x"}'),
];

const edgeString = fc.oneof(
  fc.constantFrom(...EDGE_STRINGS),
  fc.constantFrom(...UPSTREAM_EVENT_TYPES, 'deal.won', 'Deal.Closed_Won', ...PARTNER_TYPES, ...PARTNER_STATUSES, 'Referral'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

const money = fc.oneof(
  fc.record(
    {
      amount: fc.oneof(edgeString, fc.constantFrom(12.5, 100, true, null)),
      currency: fc.oneof(fc.constantFrom('USD', 'JPY', 'KWD', 'EUR', 'usd', 'XAU', 'ABC', 840), edgeString),
    },
    { requiredKeys: [] },
  ),
  fc.constant(JSON.parse('{"amount":"10.00","currency":"USD","__proto__":{}}') as unknown),
  fc.record({ amount: fc.constant('10.00'), currency: fc.constant('USD'), cents: fc.integer() }),
);

const edgeValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: edgeString },
  { weight: 2, arbitrary: fc.constantFrom(...EDGE_SCALARS) },
  { weight: 2, arbitrary: money },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      fc.constantFrom('source', 'campaign', '__proto__', 'x-y', 'a\u0000'),
      fc.oneof(edgeString, fc.integer(), fc.constant(null)),
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

type Mutation = (event: Record<string, unknown>) => void;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.constantFrom(...ENVELOPE_ATTRIBUTES, ...OTHER_NAMES), edgeValue).map(
    ([name, value]): Mutation =>
      (event) =>
        setOwn(event, name, value),
  ),
  fc.constantFrom(...ENVELOPE_ATTRIBUTES).map(
    (name): Mutation =>
      (event) =>
        void delete event[name],
  ),
  fc.tuple(fc.constantFrom(...ALL_DATA_FIELDS, ...OTHER_NAMES), edgeValue).map(
    ([name, value]): Mutation =>
      (event) =>
        isRecord(event.data) ? setOwn(event.data, name, value) : undefined,
  ),
  fc.constantFrom(...ALL_DATA_FIELDS).map(
    (name): Mutation =>
      (event) =>
        isRecord(event.data) ? void delete event.data[name] : undefined,
  ),
  fc
    .tuple(fc.constantFrom('amount', 'estimatedValue', 'utm'), fc.constantFrom('amount', 'currency', 'cents', 'campaign'), edgeValue)
    .map(([field, key, value]): Mutation => (event) => {
      const data = event.data;
      if (isRecord(data) && isRecord(data[field])) setOwn(data[field] as Record<string, unknown>, key, value);
    }),
  fc.constantFrom(...UPSTREAM_EVENT_TYPES).map(
    (type): Mutation =>
      (event) =>
        void (event.type = type),
  ),
);

/** A valid event of a random type (full or minimal) and up to four mutations of it; sometimes not an object at all. */
function eventLike(): fc.Arbitrary<unknown> {
  const mutated = fc
    .tuple(fc.constantFrom(...UPSTREAM_EVENT_TYPES), fc.boolean(), fc.array(mutation, { maxLength: 4 }))
    .map(([type, full, mutations]) => {
      const event = structuredClone({ ...envelope, type, data: (full ? fullData : minimalData)[type] }) as Record<string, unknown>;
      for (const mutate of mutations) mutate(event);
      return event;
    });
  return fc.oneof({ weight: 20, arbitrary: mutated }, { weight: 1, arbitrary: edgeValue });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withOwn(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...object };
  setOwn(copy, key, value);
  return copy;
}

function without(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = object;
  return rest;
}

/**
 * As JSON.parse sets a key: "__proto__" becomes an own key, never the prototype. The value is a copy,
 * as a parser's always is: a shared edge value changed by a later mutation could otherwise end up
 * holding itself, a cycle no JSON input can make.
 */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value: structuredClone(value), writable: true, enumerable: true, configurable: true });
}
