import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createClient from 'openapi-fetch';
import ts from 'typescript';
import { cloudEvent } from '../support/events';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/test-app';

/**
 * "OpenAPI generates a working client" (issue 17): types generated from /docs-json by
 * openapi-typescript type-check a client written against them (and refuse a field the API does
 * not have), and openapi-fetch, the client those types are made for, talks to the real server.
 */
describe('a client generated from the OpenAPI document', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'ledger-openapi-client-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Type errors of `source`, compiled strictly against the generated `schema.d.ts`. */
  const typeErrors = (source: string): string[] => {
    const file = join(dir, `client-${Math.random().toString(36).slice(2)}.ts`);
    writeFileSync(file, source);
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      skipLibCheck: true,
      baseUrl: process.cwd(),
      typeRoots: [join(process.cwd(), 'node_modules/@types')],
      types: [],
      paths: { 'openapi-fetch': [join(process.cwd(), 'node_modules/openapi-fetch')] },
    });
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  };

  it('type-checks a client against the generated types, and refuses a field the API does not have', async () => {
    const document = (await t.http.get('/docs-json').expect(200)).body;
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
    // Its command line, as an integrator runs it (the library is ESM-only inside, which jest's CommonJS cannot load).
    execFileSync(
      process.execPath,
      [join(process.cwd(), 'node_modules/openapi-typescript/bin/cli.js'), join(dir, 'openapi.json'), '-o', join(dir, 'schema.d.ts')],
      {
        stdio: 'pipe',
      },
    );
    const client = (body: string) => `import createClient from 'openapi-fetch';
import type { paths } from './schema';
const client = createClient<paths>({ baseUrl: 'http://localhost:3000' });
export async function read(): Promise<string | undefined> {
  ${body}
}
`;
    expect(
      typeErrors(
        client(`const { data } = await client.GET('/v1/partners/{id}/balance', { params: { path: { id: 'P-1' }, query: { asOf: '2026-04-30' } } });
  const page = await client.GET('/v1/partners', { params: { query: { limit: 10 } } });
  const next: string | null | undefined = page.data?.nextCursor;
  void next;
  return data?.balances[0]?.payable;`),
      ),
    ).toEqual([]);
    expect(
      typeErrors(
        client(`const { data } = await client.GET('/v1/partners/{id}/balance', { params: { path: { id: 'P-1' } } });
  return data?.balances[0]?.owed;`),
      ).join('\n'),
    ).toMatch(/owed/);
  });

  it('talks to the real server through openapi-fetch', async () => {
    await t.http
      .post('/v1/events')
      .set(bearer(KEYS.ingest))
      .send([cloudEvent('partner.enrolled', { partnerId: 'P-1', name: 'Acme Partners', partnerType: 'affiliate' })])
      .expect(200);
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    // Untyped here (the types are the other test's): what matters is the wire.
    const client = createClient<Record<string, never>>({ baseUrl: `http://127.0.0.1:${port}`, headers: bearer(KEYS.finance) });
    let found: unknown;
    for (let attempt = 0; attempt < 50 && !found; attempt += 1) {
      const { data } = await (client.GET as (path: string, init: object) => Promise<{ data?: unknown }>)('/v1/partners', {
        params: { query: { limit: 10 } },
      });
      found = (data as { items: Array<{ partnerId: string }> } | undefined)?.items.find((item) => item.partnerId === 'P-1');
      if (!found) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(found).toMatchObject({ partnerId: 'P-1', name: 'Acme Partners', partnerType: 'affiliate', status: 'active' });
  });
});
