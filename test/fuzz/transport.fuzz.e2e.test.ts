import fc from 'fast-check';
import { KEYS } from '../support/test-app';
import { anyJson, anyString, encodeSegment, idString, pathSegment } from './support/arbitraries';
import {
  checkAnswer,
  describeExchange,
  FuzzApp,
  fuzzParameters,
  type Fingerprint,
  type RawRequest,
  type RawResponse,
  type Seeded,
} from './support/fuzz-app';

/**
 * The HTTP surface as a whole: random methods on every route of SPEC §5 and on paths that do not
 * exist, with random and malformed Authorization, Idempotency-Key, Content-Type and bodies.
 * Whatever is sent: no 5xx; 401 without a valid key and 403 outside the role on every route that
 * is not public; 404 for what does not exist; the hardening headers on every answer; and nothing
 * stored changes unless a recording request was accepted.
 */

type Role = 'admin' | 'ingest' | 'finance' | 'analyst' | 'partner';

interface Route {
  method: string;
  /** The path template as the endpoint is counted. */
  template: string;
  path: (seeded: Seeded, id: string) => string;
  /** Roles allowed besides admin; empty for public routes. */
  roles: Role[] | 'public';
  /** Partner routes: a partner key sees only its own id. */
  partnerScoped?: boolean;
  records?: boolean;
}

const ROUTES: Route[] = [
  { method: 'POST', template: '/v1/events', path: () => '/v1/events', roles: ['ingest'], records: true },
  {
    method: 'GET',
    template: '/v1/partners/{id}/balance',
    path: (_s, id) => `/v1/partners/${id}/balance`,
    roles: ['finance', 'analyst', 'partner'],
    partnerScoped: true,
  },
  {
    method: 'GET',
    template: '/v1/partners/{id}/statement',
    path: (_s, id) => `/v1/partners/${id}/statement`,
    roles: ['finance', 'partner'],
    partnerScoped: true,
  },
  {
    method: 'GET',
    template: '/v1/partners/{id}/tier',
    path: (_s, id) => `/v1/partners/${id}/tier`,
    roles: ['finance', 'analyst', 'partner'],
    partnerScoped: true,
  },
  {
    method: 'GET',
    template: '/v1/conversions/{id}/attribution',
    path: (_s, id) => `/v1/conversions/${id}/attribution`,
    roles: ['finance', 'analyst'],
  },
  {
    method: 'GET',
    template: '/v1/reports/partner-sourced-revenue',
    path: () => '/v1/reports/partner-sourced-revenue',
    roles: ['finance', 'analyst'],
  },
  { method: 'GET', template: '/v1/reports/kpis', path: () => '/v1/reports/kpis', roles: ['finance', 'analyst'] },
  { method: 'POST', template: '/v1/simulations', path: () => '/v1/simulations', roles: ['analyst', 'finance'], records: true },
  {
    method: 'GET',
    template: '/v1/simulations/{id}',
    path: (s, id) => `/v1/simulations/${id === 'P-1' ? encodeSegment(s.simulationId) : id}`,
    roles: ['analyst', 'finance'],
  },
  { method: 'POST', template: '/v1/attribution/policies', path: () => '/v1/attribution/policies', roles: ['finance'], records: true },
  { method: 'GET', template: '/v1/attribution/policies', path: () => '/v1/attribution/policies', roles: ['finance', 'analyst'] },
  {
    method: 'DELETE',
    template: '/v1/attribution/policies/{adoptionId}',
    path: (_s, id) => `/v1/attribution/policies/${id}`,
    roles: ['finance'],
    records: true,
  },
  { method: 'POST', template: '/v1/payout-runs', path: () => '/v1/payout-runs', roles: ['finance'], records: true },
  { method: 'POST', template: '/v1/adjustments', path: () => '/v1/adjustments', roles: ['finance'], records: true },
  { method: 'GET', template: '/v1/ledger/verify', path: () => '/v1/ledger/verify', roles: ['finance'] },
  { method: 'GET', template: '/health', path: () => '/health', roles: 'public' },
  // The lists and profiles of issue 17.
  { method: 'GET', template: '/v1/me', path: () => '/v1/me', roles: ['ingest', 'finance', 'analyst', 'partner'] },
  { method: 'GET', template: '/v1/partners', path: () => '/v1/partners', roles: ['finance', 'analyst'] },
  {
    method: 'GET',
    template: '/v1/partners/{id}',
    path: (_s, id) => `/v1/partners/${id}`,
    roles: ['finance', 'analyst', 'partner'],
    partnerScoped: true,
  },
  { method: 'GET', template: '/v1/conversions', path: () => '/v1/conversions', roles: ['finance', 'analyst', 'partner'] },
  { method: 'GET', template: '/v1/payout-runs', path: () => '/v1/payout-runs', roles: ['finance'] },
  { method: 'GET', template: '/v1/payout-runs/{id}', path: (_s, id) => `/v1/payout-runs/${id}`, roles: ['finance'] },
  { method: 'POST', template: '/v1/payout-runs/preview', path: () => '/v1/payout-runs/preview', roles: ['finance'] },
  { method: 'GET', template: '/v1/adjustments', path: () => '/v1/adjustments', roles: ['finance'] },
  {
    method: 'GET',
    template: '/v1/partners/{id}/deals',
    path: (_s, id) => `/v1/partners/${id}/deals`,
    roles: ['finance', 'analyst', 'partner'],
    partnerScoped: true,
  },
  {
    method: 'POST',
    template: '/v1/partners/{id}/deals',
    path: (_s, id) => `/v1/partners/${id}/deals`,
    roles: ['finance', 'partner'],
    partnerScoped: true,
    records: true,
  },
];

const KEY_OF: Record<Role, string> = {
  admin: KEYS.admin,
  ingest: KEYS.ingest,
  finance: KEYS.finance,
  analyst: KEYS.analyst,
  partner: KEYS.partner,
};

/** An Authorization header and the role it authenticates (undefined: no valid key). */
type Auth = { header?: string; role?: Role };

const auth: fc.Arbitrary<Auth> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .constantFrom<Role>('admin', 'ingest', 'finance', 'analyst', 'partner')
      .map((role): Auth => ({ header: `Bearer ${KEY_OF[role]}`, role })),
  },
  {
    weight: 2,
    // Still valid: the scheme is case-insensitive (RFC 7235), spaces or a tab around the key.
    arbitrary: fc
      .tuple(
        fc.constantFrom<Role>('finance', 'partner', 'ingest'),
        fc.constantFrom('bearer %s', 'BEARER %s', 'Bearer  %s', 'Bearer\t%s', 'Bearer %s '),
      )
      .map(([role, form]): Auth => ({ header: form.replace('%s', KEY_OF[role]), role })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(KEYS.finance, KEYS.admin),
        fc.constantFrom(
          '',
          'Bearer',
          'Bearer ',
          '%s',
          'Basic %s',
          'Token %s',
          'Bearer %s %s',
          'Bearer %sx',
          'Bearer x%s',
          'Bearer "%s"',
          'Bearer %s,Bearer %s',
          'Bearer=%s',
          'Bearer:%s',
          `Bearer ${'x'.repeat(5000)}`,
          'Bearer test-admin-key-000',
          'Bearer TEST-ADMIN-KEY-0001',
          'Bearer tést',
        ),
      )
      .map(([key, form]): Auth => ({ header: form.replaceAll('%s', key) })),
  },
  { weight: 1, arbitrary: anyString.filter((text) => /^[\t\x20-\x7e\x80-\xff]*$/.test(text)).map((header): Auth => ({ header })) },
  { weight: 2, arbitrary: fc.constant<Auth>({}) },
);

/** Paths that name no endpoint. */
const unknownPath = fc.oneof(
  fc.constantFrom(
    '/',
    '/v1',
    '/v1/',
    '/v2/events',
    '/v1/event',
    '/v1/events/x',
    '/v1/partners/P-1/balance/x',
    '/v1/partners/P-1/deals/x',
    '/v1/me/x',
    '/metrics',
    '/v1/conversions/x/y/z',
    '/v1/reports',
    '/v1/ledger',
    '/v1/payout-runs/x/y',
    '/v1/adjustments/x',
    '/api',
    '/.env',
    '/v1/../health',
    '/%2e%2e/health',
    '/v1/%2e%2e/health',
    '/V1/events',
    '/health/',
    '/v1//events',
  ),
  fc.array(pathSegment(fc.oneof(idString, anyString)), { minLength: 1, maxLength: 5 }).map((segments) => `/${segments.join('/')}`),
  fc.array(pathSegment(idString), { minLength: 1, maxLength: 3 }).map((segments) => `/v1/${segments.join('/')}`),
);

const method = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'DELETE') },
  { weight: 2, arbitrary: fc.constantFrom('PUT', 'PATCH', 'HEAD', 'OPTIONS', 'PROPFIND', 'TRACE', 'FOO') },
);

const bodyOf = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Buffer | undefined>(undefined) },
  { weight: 3, arbitrary: anyJson.map((value) => Buffer.from(JSON.stringify(value) ?? 'null')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('{', '[]', '{}', 'null', '{"a":1,"a":2}', `${'['.repeat(100)}${']'.repeat(100)}`)
      .map((text) => Buffer.from(text)),
  },
);

const idempotencyKey = fc.oneof(
  { weight: 4, arbitrary: fc.constant<string | undefined>(undefined) },
  { weight: 1, arbitrary: fc.constantFrom('k-1', '', ' ', 'x'.repeat(300), 'clé', 'a b') },
);
const contentTypeHeader = fc.oneof(
  { weight: 3, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'text/plain',
      '',
      'application/json; charset=utf-16',
      'application/xml',
      'application/*',
      '*/*',
      'application/json, text/plain',
    ),
  },
);

describe('fuzz: methods, paths and headers', () => {
  let f: FuzzApp;
  let seeded: Seeded;
  let known: Fingerprint | undefined;

  beforeAll(async () => {
    // The failed-authentication limit is lifted so that every case reaches the guard; hardening.test.ts covers the 429.
    f = await FuzzApp.start({ AUTH_FAILURE_LIMIT: '1000000000' });
    seeded = await f.seed();
  }, 120_000);
  afterAll(async () => {
    f?.report('methods, paths and headers');
    await f?.close();
  });

  const ids = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('P-1', 'P-2', 'P-404', 'C-1', 'policy-adoption-1').map(encodeSegment) },
    { weight: 1, arbitrary: pathSegment(fc.oneof(idString, anyString)) },
  );

  const request = fc.record({
    route: fc.option(fc.constantFrom(...ROUTES), { freq: 5, nil: undefined }),
    otherPath: unknownPath,
    method,
    id: ids,
    auth,
    body: bodyOf,
    idempotencyKey,
    contentType: contentTypeHeader,
    query: fc.option(
      fc.constantFrom('?asOf=2026-03-31', '?asOf=2025-02-30', '?groupBy=month', '?format=csv', '?limit=5&cursor=x', '?x=%00', '?a=1&a=2'),
      { nil: '' },
    ),
  });

  it('every method on every path with any headers: 401/403/404 where due, never 5xx, nothing written unless accepted', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (c) => {
        const route = c.route;
        // A known route is sent with its own method most of the time, any other method otherwise.
        const methodSent = route && ['GET', 'POST', 'DELETE'].includes(c.method) ? route.method : c.method;
        const path = route ? `${route.path(seeded, c.id)}${c.query}` : c.otherPath;
        const headers: Record<string, string> = {};
        if (c.auth.header !== undefined) headers.Authorization = c.auth.header;
        if (c.idempotencyKey !== undefined) headers['Idempotency-Key'] = c.idempotencyKey;
        if (c.body !== undefined && c.contentType) headers['Content-Type'] = c.contentType;
        const sent: RawRequest = { method: methodSent, path, headers, body: c.body };

        if (!known) {
          await f.catchUp();
          known = await f.fingerprint();
        }
        const before = known;
        known = undefined;
        const response = await f.send(sent);
        // An empty id segment leaves the template unmatched ("/v1/partners//balance").
        const matched = route && methodSent === route.method && (c.id !== '' || !route.template.includes('{')) ? route : undefined;
        f.count(matched ? `${matched.method} ${matched.template}` : 'other methods and paths', response.status);

        checkAnswer(sent, response, { statuses: expectedStatuses(matched, c.auth, c.id) });
        checkHardening(sent, response);

        const recorded =
          matched?.records && response.status >= 200 && response.status < 300 && response.headers['idempotent-replayed'] !== 'true';
        if (!recorded || matched?.template === '/v1/simulations') {
          // A simulation records nothing; its answer may be kept for its Idempotency-Key.
          await f.expectUnchanged(
            before,
            sent,
            response,
            `${methodSent} answered ${response.status}`,
            recorded ? ['http_idempotency'] : [],
          );
          known = recorded ? await f.fingerprint() : before;
          return;
        }
        await f.catchUp();
        await f.expectHealthy(sent, response);
        known = await f.fingerprint();
      }),
      fuzzParameters(3000),
    );
  }, 600_000);
});

/**
 * What the guard owes a request: 401 without a valid key and 403 outside the role, on routes that
 * are not public. The body and the path segments are read before the guard (a 400 may come
 * first), and a 415 for a charset; anything else about the request is judged after it.
 */
function expectedStatuses(route: Route | undefined, auth: Auth, id: string): number[] {
  // Refusals of the bytes themselves come before routing and authentication.
  const early = [400, 413, 415];
  if (!route) return [...early, 404, 401, 403, 200, 204];
  if (route.roles === 'public') return [200, ...early];
  if (auth.role === undefined) return [401, ...early];
  const allowed = auth.role === 'admin' || route.roles.includes(auth.role);
  const ownPartner = !route.partnerScoped || auth.role !== 'partner' || safeDecode(id) === 'P-1';
  if (!allowed || (auth.role === 'partner' && !ownPartner)) return [403, ...early];
  // Allowed: anything but an authentication answer (409: a version already adopted, an adoption already retracted).
  return [200, 201, 202, 400, 404, 409, 413, 415, 422];
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** SPEC §5 hardening on every answer the app gives (not Node's own parser refusals). */
function checkHardening(request: RawRequest, response: RawResponse): void {
  if (response.headers['content-type'] === undefined && response.status === 400) return;
  const problems: string[] = [];
  if (response.headers['x-powered-by'] !== undefined) problems.push('X-Powered-By is set');
  if (response.headers['x-content-type-options'] !== 'nosniff') problems.push('no X-Content-Type-Options: nosniff');
  if ((request.path.startsWith('/v1/') || request.path === '/v1') && !/no-store/.test(String(response.headers['cache-control'])))
    problems.push('no Cache-Control: no-store under /v1');
  if (problems.length > 0) throw new Error(`${problems.join('; ')}\n${describeExchange(request, response)}`);
}
