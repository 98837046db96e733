import { loadConfig } from '@ledger/platform/config';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';

/** SPEC §5 "Hardening", through the real HTTP stack. */
describe('HTTP hardening', () => {
  describe('headers', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => t.close());

    it.each([
      ['an answer', '/v1/ledger/verify', KEYS.finance, 200],
      ['a refusal', '/v1/ledger/verify', undefined, 401],
      ['a forbidden route', '/v1/ledger/verify', KEYS.ingest, 403],
      ['an unknown route', '/v1/nowhere', KEYS.finance, 404],
    ])('no X-Powered-By, nosniff and no-store on %s under /v1', async (_case, url, key, status) => {
      const response = await t.http.get(url).set(key ? bearer(key) : {});
      expect(response.status).toBe(status);
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('keeps a POST answer out of caches too', async () => {
      const response = await t.http.post('/v1/events').set(bearer(KEYS.ingest)).send([]);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['x-powered-by']).toBeUndefined();
    });

    it('sends no CORS headers when CORS_ORIGINS is empty', async () => {
      const response = await t.http.get('/v1/ledger/verify').set(bearer(KEYS.finance)).set('Origin', 'https://evil.example');
      expect(response.status).toBe(200);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await t.http
        .options('/v1/adjustments')
        .set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    });

    it('still serves the OpenAPI page, whose scripts and styles the security policy allows', async () => {
      const page = await t.http.get('/docs').redirects(1).expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      const policy = page.headers['content-security-policy'] as string;
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("style-src 'self' 'unsafe-inline'"); // Swagger UI's page has a <style> block; no CDN
      expect(policy).not.toContain('upgrade-insecure-requests'); // would break the page over plain http
      // Swagger UI runs only scripts of its own origin (no inline <script>), so 'self' lets it render.
      expect(page.text).not.toMatch(/<script>(?!\s*<\/script>)/);
      const scripts = [...page.text.matchAll(/<script src="([^"]+)"/g)].map((match) => new URL(match[1], 'http://host/docs').pathname);
      expect(scripts).toEqual(expect.arrayContaining(['/docs/swagger-ui-bundle.js', '/docs/swagger-ui-init.js']));
      for (const script of scripts) {
        const asset = await t.http.get(script).expect(200);
        expect(asset.headers['content-type']).toMatch(/javascript/);
      }
      await t.http.get('/docs/swagger-ui.css').expect(200);
    });

    it('leaves the root path (the future console) to its route, unrestricted by the API rules', async () => {
      const response = await t.http.get('/');
      expect(response.status).not.toBe(401);
      expect(response.status).not.toBe(429);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });
  });

  describe('CORS_ORIGINS', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ CORS_ORIGINS: 'https://console.example.com,http://localhost:5173' });
    });
    afterAll(async () => t.close());

    it('allows the listed origins, with the headers a browser client needs', async () => {
      const preflight = await t.http
        .options('/v1/adjustments')
        .set('Origin', 'https://console.example.com')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://console.example.com');
      expect(preflight.headers['access-control-allow-headers']).toMatch(/Idempotency-Key/);
      const response = await t.http.get('/v1/ledger/verify').set(bearer(KEYS.finance)).set('Origin', 'http://localhost:5173').expect(200);
      expect(response.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(response.headers['access-control-expose-headers']).toMatch(/Retry-After/);
    });

    it('gives any other origin no CORS headers', async () => {
      const response = await t.http
        .get('/v1/ledger/verify')
        .set(bearer(KEYS.finance))
        .set('Origin', 'https://console.example.com.evil.example')
        .expect(200);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await t.http
        .options('/v1/adjustments')
        .set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('repeated failed authentication', () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await startTestApp({ AUTH_FAILURE_LIMIT: '5', AUTH_FAILURE_WINDOW_SECONDS: '60' });
    });
    afterEach(async () => t.close());

    const verify = (key?: string) => t.http.get('/v1/ledger/verify').set(key ? bearer(key) : {});

    it('answers 429 with Retry-After once an address has failed too often, whatever key it then sends', async () => {
      for (let attempt = 0; attempt < 5; attempt++) await verify(`guess-${attempt}-0123456789abcdef`).expect(401);
      const blocked = await verify('guess-5-0123456789abcdef').expect(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(blocked.body).toMatchObject({ statusCode: 429, message: expect.stringMatching(/too many failed authentications/) });
      expect(blocked.headers['cache-control']).toBe('no-store');
      // A right guess must not stand out from the wrong ones, or the limit would not slow guessing.
      await verify(KEYS.finance).expect(429);
      await t.http.post('/v1/events').send([]).expect(429);
    });

    it('counts only failures: valid keys, also many at once, and public routes without a key never count', async () => {
      await Promise.all(Array.from({ length: 30 }, () => verify(KEYS.finance).expect(200)));
      for (let i = 0; i < 10; i++) await t.http.get('/health').expect(200);
      for (let i = 0; i < 10; i++) await t.http.get('/health').set(bearer('not-a-key-0123456789')).expect(200);
      for (let attempt = 0; attempt < 5; attempt++) await verify().expect(401);
      await verify().expect(429);
    });
  });

  it('forgets failed authentications once the window has passed', async () => {
    const t = await startTestApp({ AUTH_FAILURE_LIMIT: '2', AUTH_FAILURE_WINDOW_SECONDS: '1' });
    try {
      const verify = (key?: string) => t.http.get('/v1/ledger/verify').set(key ? bearer(key) : {});
      await verify().expect(401);
      await verify().expect(401);
      const blocked = await verify(KEYS.finance).expect(429);
      expect(blocked.headers['retry-after']).toBe('1');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await verify(KEYS.finance).expect(200);
    } finally {
      await t.close();
    }
  });

  describe('API_KEYS', () => {
    it.each(['short-key:admin', `${KEYS.admin}:admin,fifteen-chars-k:finance`])('refuses %p at start-up, naming API_KEYS', (apiKeys) => {
      expect(() => loadConfig({ API_KEYS: apiKeys })).toThrow(/^API_KEYS: entry \d+ has a key shorter than 16 characters/);
    });

    it('accepts keys of 16 characters and more', () => {
      expect(loadConfig({ API_KEYS: 'sixteen-chars-k1:admin' }).apiKeys).toBe('sixteen-chars-k1:admin');
    });
  });
});
