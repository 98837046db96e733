import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreConfigError, EventStoreDbEventStore, EventStoreUnavailableError } from '@ledger/platform/event-store';

/**
 * Start-up against an EventStoreDB that is not there or not configured right. None of this needs
 * a server: a closed port, a listener that never answers and malformed connection strings are
 * the real conditions under test.
 */
describe('eventstoredb start-up checks', () => {
  const unreachable = 'esdb://127.0.0.1:1?tls=false';

  it('fails fast on an unreachable server, naming EVENTSTORE_URL and the reason', async () => {
    const started = Date.now();
    const failure = await EventStoreDbEventStore.connect(unreachable, { probeTimeoutMillis: 3000 }).catch((error: unknown) => error);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(failure).toBeInstanceOf(EventStoreUnavailableError);
    expect((failure as Error).message).toMatch(
      /^EVENTSTORE_URL: cannot use EventStoreDB at esdb:\/\/127\.0\.0\.1:1\?tls=false: .*ECONNREFUSED/,
    );
    expect((failure as Error).message).toMatch(/is EventStoreDB running at that host and port\?/);
  });

  it('gives up within the probe deadline when the address accepts connections but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const started = Date.now();
      const failure = await EventStoreDbEventStore.connect(`esdb://127.0.0.1:${port}?tls=false`, { probeTimeoutMillis: 800 }).catch(
        (error: unknown) => error,
      );
      expect(Date.now() - started).toBeLessThan(5000);
      expect((failure as Error).message).toBe(
        `EVENTSTORE_URL: cannot use EventStoreDB at esdb://127.0.0.1:${port}?tls=false: EventStoreDB did not answer within 800 ms while checking the connection at start-up`,
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('rejects a malformed connection string before connecting, naming the setting it came from', async () => {
    await expect(EventStoreDbEventStore.connect('esdb://localhost:abc')).rejects.toThrow(
      new EventStoreConfigError(
        'EVENTSTORE_URL',
        'is not a valid EventStoreDB connection string (esdb://localhost:abc): Unexpected "abc" at position 17, expected port number. Example: esdb://localhost:2113?tls=false',
      ),
    );
    await expect(EventStoreDbEventStore.connect(undefined, { urlVariable: '--to-url' })).rejects.toThrow(/^--to-url: is required/);
  });

  describe('the API process', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-esdb-startup-'));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it.each([
      [
        'an unreachable server',
        unreachable,
        /failed to start: EVENTSTORE_URL: cannot use EventStoreDB at esdb:\/\/127\.0\.0\.1:1\?tls=false: .*ECONNREFUSED/,
      ],
      [
        'a malformed connection string',
        'esdb://localhost:abc',
        /failed to start: EVENTSTORE_URL: is not a valid EventStoreDB connection string .*expected port number/,
      ],
      [
        'a URL that is no EventStoreDB connection string',
        'localhost:2113',
        /failed to start: EVENTSTORE_URL: must start with esdb:\/\/ or esdb\+discover:\/\//,
      ],
    ])('exits at once with a one-line reason for %s, without a stack trace', async (_case, url, message) => {
      const started = Date.now();
      const { code, output } = await runApi({ EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: url, DATA_DIR: dataDir });
      expect(code).not.toBe(0);
      expect(Date.now() - started).toBeLessThan(30000);
      expect(output).toMatch(message);
      expect(output).not.toMatch(/\n\s+at /);
      expect(output).not.toContain('listening on');
    });
  });
});

async function runApi(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      cwd: join(__dirname, '../..'),
      env: { ...process.env, PORT: String(port), API_KEYS: 'eventstoredb-startup-key:admin', LOG_LEVEL: 'info', DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the API did not exit within 45 s:\n${output}`));
    }, 45000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
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
