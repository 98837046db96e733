import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectionHost } from '@ledger/platform/projections';
import { ledgerScenario } from '../support/ledger-scenario';
import { bearer, KEYS, startTestApp } from '../support/test-app';

/** `npm run ledger -- simulate` as a user runs it: a real process on a real embedded store. */
describe('ledger simulate (SPEC §7)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-simulate-'));
  const dataDir = join(dir, 'data');
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'simulate', '--data-dir', dataDir, ...args], {
      encoding: 'utf8',
      timeout: 120_000,
    });

  beforeAll(async () => {
    const app = await startTestApp({}, dataDir);
    await app.http.post('/v1/events').set(bearer(KEYS.ingest)).send(ledgerScenario()).expect(200);
    await app.app.get(ProjectionHost).catchUp();
    await app.close({ keepData: true });
    writeFileSync(join(dir, 'window-90.json'), JSON.stringify({ version: 'window-90', clickWindowDays: 90 }));
    writeFileSync(join(dir, 'broken.json'), '{"version": ');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a summary and writes the diff as CSV', () => {
    const run = cli('--policy', join(dir, 'window-90.json'), '--out', join(dir, 'diff.csv'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('policy window-90, plan default-v1');
    expect(run.stdout).toContain('1 changed');
    expect(run.stdout).toContain('USD: credited revenue 4899.99 -> 5299.99; commission 1045.00 -> 1125.00 (80.00)');
    expect(readFileSync(join(dir, 'diff.csv'), 'utf8')).toContain('C-8,2026-03-15T12:00:00.000Z,USD,400.00,P-2,0,1,0,400.00,,80.00');
  });

  it('exits 2 with a clear message for a missing candidate, unreadable JSON or an invalid policy', () => {
    expect(cli()).toMatchObject({ status: 2, stderr: expect.stringContaining('name a candidate') });
    expect(cli('--policy', join(dir, 'broken.json'))).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('the file is not valid JSON'),
    });
    // The strict reader of every JSON input: a repeated key is refused, naming it.
    writeFileSync(join(dir, 'repeated.json'), '{"version":"v","model":"linear","model":"first_click"}');
    expect(cli('--policy', join(dir, 'repeated.json'))).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('repeated.json: model is repeated in this object'),
    });
    expect(cli('--policy', join(dir, 'nowhere.json'))).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('cannot be read (ENOENT)'),
    });
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ version: 'v', model: 'most_clicks' }));
    expect(cli('--policy', join(dir, 'bad.json'))).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--policy: model must be one of'),
    });
  });
});
