import { startTestApp, type TestApp } from '../support/test-app';

/** Every operation of SPEC §5, as the OpenAPI document must describe it (method, path in OpenAPI form). */
const SPEC_OPERATIONS: Array<[method: string, path: string]> = [
  ['post', '/v1/events'],
  ['get', '/v1/partners/{id}/balance'],
  ['get', '/v1/partners/{id}/statement'],
  ['get', '/v1/partners/{id}/tier'],
  ['get', '/v1/conversions/{conversionId}/attribution'],
  ['get', '/v1/reports/partner-sourced-revenue'],
  ['get', '/v1/reports/kpis'],
  ['post', '/v1/simulations'],
  ['get', '/v1/simulations/{id}'],
  ['post', '/v1/attribution/policies'],
  ['post', '/v1/payout-runs'],
  ['post', '/v1/adjustments'],
  ['get', '/v1/ledger/verify'],
  ['get', '/health'],
  ['get', '/v1/me'],
  ['get', '/v1/partners'],
  ['get', '/v1/partners/{id}'],
  ['get', '/v1/conversions'],
  ['get', '/v1/payout-runs'],
  ['get', '/v1/payout-runs/{id}'],
  ['post', '/v1/payout-runs/preview'],
  ['get', '/v1/adjustments'],
  ['get', '/v1/partners/{id}/deals'],
  ['post', '/v1/partners/{id}/deals'],
  ['delete', '/v1/attribution/policies/{adoptionId}'],
  ['get', '/metrics'],
];

const LISTS = ['/v1/partners', '/v1/conversions', '/v1/payout-runs', '/v1/adjustments', '/v1/partners/{id}/deals'];

interface Operation {
  description?: string;
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
}

describe('the OpenAPI document (SPEC §5)', () => {
  let t: TestApp;
  let document: {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { scheme?: string; bearerFormat?: string }> };
  };

  beforeAll(async () => {
    t = await startTestApp();
    document = (await t.http.get('/docs-json').expect(200)).body;
  });
  afterAll(async () => t.close());

  it.each(SPEC_OPERATIONS)('describes %s %s with a response schema for its success', (method, path) => {
    const operation = document.paths[path]?.[method];
    expect(operation).toBeDefined();
    const success = ['200', '201', '202'].find((status) => operation.responses[status]);
    expect(success).toBeDefined();
    const content = operation.responses[success as string].content ?? {};
    expect(Object.values(content).some((media) => media.schema !== undefined)).toBe(true);
  });

  it('names the roles of every /v1 operation in its description, with its 401 and 403 answers', () => {
    for (const [method, path] of SPEC_OPERATIONS) {
      if (!path.startsWith('/v1/')) continue;
      const operation = document.paths[path][method];
      expect({ path, description: operation.description }).toEqual({ path, description: expect.stringMatching(/^Roles: /) });
      expect(operation.responses['401']).toBeDefined();
      if (path !== '/v1/me') expect(operation.responses['403']).toBeDefined();
    }
  });

  it('takes limit and cursor on every list and answers 400 for them', () => {
    for (const path of LISTS) {
      const operation = document.paths[path].get;
      expect(operation.parameters?.map((parameter) => parameter.name)).toEqual(expect.arrayContaining(['limit', 'cursor']));
      expect(operation.responses['400']).toBeDefined();
    }
    expect(document.paths['/v1/partners/{id}'].get.responses['404']).toBeDefined();
    expect(document.paths['/v1/partners/{id}/deals'].post.responses['409']).toBeDefined();
    expect(document.paths['/v1/partners/{id}/deals'].post.responses['422']).toBeDefined();
  });

  it('says what a bearer key is', () => {
    expect(Object.values(document.components.securitySchemes)).toContainEqual(
      expect.objectContaining({ scheme: 'bearer', bearerFormat: expect.stringContaining('API_KEYS') }),
    );
  });
});
