import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloudEvent } from '../support/events';

/**
 * Runs the real entry point as `npm start` does (a separate process, embedded store, no
 * API_KEYS) and reads what it prints: the admin key appears once, keys never reach the logs.
 */
describe('API server process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-process-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints a generated admin key once, keeps it out of the logs, and keeps events across restarts', async () => {
    const first = await startServer(dataDir);
    const key = /save it now: (\S+)/.exec(first.output())?.[1];
    expect(key).toMatch(/^adm_/);
    const event = cloudEvent('partner.enrolled', { partnerId: 'P-1', name: 'Acme', partnerType: 'affiliate' });
    const accepted = await postEvent(first.port, key as string, event);
    expect(accepted.results[0].status).toBe('accepted');
    await first.stop();
    expect(first.output()).toContain('"url":"/v1/events"');
    expect(first.output().split(key as string)).toHaveLength(2); // printed once, never logged

    const second = await startServer(dataDir);
    expect(second.output()).not.toContain('save it now');
    expect(second.output()).toMatch(/admin API key already exists/);
    const resent = await postEvent(second.port, key as string, event);
    expect(resent.results[0]).toMatchObject({ status: 'duplicate', position: 1 });
    await second.stop();
    expect(second.output()).not.toContain(key as string);
  });
});

async function postEvent(port: number, key: string, event: unknown) {
  const response = await fetch(`http://127.0.0.1:${port}/v1/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(event),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { results: Array<{ status: string; position: number }> };
}

async function startServer(dataDir: string) {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    cwd: join(__dirname, '../..'),
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      API_KEYS: '',
      LOG_LEVEL: 'info',
      EVENT_STORE: 'embedded',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = Date.now();
  while (!output.includes('listening on')) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    if (Date.now() - started > 45000) throw new Error(`server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
