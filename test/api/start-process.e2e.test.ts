import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/**
 * `npm start` and friends as a user runs them: real npm, real processes, the embedded store.
 * The scripts run in a scratch copy of the project (symlinks to the sources and node_modules),
 * so their build lands in a temporary dist/ and the shared one is left alone.
 */
describe('npm start (processes)', () => {
  const project = mkdtempSync(join(tmpdir(), 'ledger-npm-start-'));
  const scratch: string[] = [];
  const running: ChildProcess[] = [];

  beforeAll(() => {
    for (const entry of ['apps', 'libs', 'node_modules', '.swcrc', 'package.json']) symlinkSync(join(ROOT, entry), join(project, entry));
  });
  afterAll(() => {
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const dir of [project, ...scratch]) rmSync(dir, { recursive: true, force: true });
  });

  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-npm-start-data-'));
    scratch.push(dir);
    return dir;
  };

  /** `command args` in the scratch project with a clean ledger environment plus `env`. */
  function run(command: string, args: string[], env: Record<string, string>): Launched {
    const child = spawn(command, args, {
      cwd: project,
      env: { ...process.env, EVENT_STORE: 'embedded', DATABASE_URL: '', API_KEYS: '', LOG_LEVEL: 'warn', CORS_ORIGINS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    const launched: Launched = {
      child,
      stdout: '',
      stderr: '',
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    };
    child.stdout?.on('data', (chunk) => (launched.stdout += chunk));
    child.stderr?.on('data', (chunk) => (launched.stderr += chunk));
    return launched;
  }

  it('stops the server when npm is killed outright, releasing the port and DATA_DIR', async () => {
    const dir = dataDir();
    const port = await freePort();
    const npm = run('npm', ['start'], { PORT: String(port), DATA_DIR: dir });
    await until(
      () => npm.stdout.includes('listening on'),
      90_000,
      () => `npm start did not come up:\n${npm.stdout}${npm.stderr}`,
    );
    const server = holderOf(dir);
    expect(server).not.toBe(npm.child.pid);
    expect(parentOf(server)).toBe(npm.child.pid); // exec: no shell in between to outlive npm
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

    npm.child.kill('SIGKILL');
    await until(
      () => !isRunning(server),
      15_000,
      () => `the server (pid ${server}) outlived npm:\n${npm.stdout}${npm.stderr}`,
    );
    expect(existsSync(join(dir, 'pglite.lock'))).toBe(false); // shut down cleanly, not killed
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  }, 120_000);

  it('prints and stores no admin key when start-up fails after making one (port taken)', async () => {
    const dir = dataDir();
    const blocker = await listen();
    try {
      const npm = run('npm', ['start'], { PORT: String((blocker.address() as { port: number }).port), DATA_DIR: dir });
      expect(await npm.exited).not.toBe(0);
      expect(npm.stderr).toMatch(/failed to start: .*EADDRINUSE/);
      expect(npm.stdout + npm.stderr).not.toMatch(/save it now|adm_/);
      expect(existsSync(join(dir, 'admin-key.json'))).toBe(false);
      expect(existsSync(join(dir, 'pglite.lock'))).toBe(false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    // The next start that succeeds generates the key and shows it.
    const port = await freePort();
    const npm = run('npm', ['run', 'start:prod'], { PORT: String(port), DATA_DIR: dir });
    await until(
      () => npm.stdout.includes('listening on'),
      90_000,
      () => `npm run start:prod did not come up:\n${npm.stdout}${npm.stderr}`,
    );
    expect(npm.stdout).toMatch(/save it now: adm_\S+/);
    expect(npm.stdout.indexOf('save it now')).toBeLessThan(npm.stdout.indexOf('listening on'));
    expect(existsSync(join(dir, 'admin-key.json'))).toBe(true);
    npm.child.kill('SIGTERM'); // npm passes it on to the server, which shuts down
    await npm.exited;
    await until(
      () => !existsSync(join(dir, 'pglite.lock')),
      10_000,
      () => 'the server left its lock behind',
    );
  }, 180_000);

  it('refuses DATA_DIR while `ledger demo` loads it: npm start, the ingestor and other commands name the directory and the pid', async () => {
    const dir = dataDir();
    const demo = run('npm', ['run', 'ledger', '--', 'demo'], { DATA_DIR: dir });
    await until(
      () => existsSync(join(dir, 'pglite.lock')) || demo.child.exitCode !== null,
      90_000,
      () => 'the demo did not open the store',
    );
    expect(demo.child.exitCode).toBeNull();
    const holder = holderOf(dir);
    const refusal = new RegExp(
      `^.*the embedded database in DATA_DIR ${escape(dir)} is in use by process ${holder} \\(node \\S*apps/cli/src/main\\.js demo\\); only one process at a time may open it .*$`,
    );
    try {
      const api = run('npm', ['start'], { PORT: String(await freePort()), DATA_DIR: dir });
      expect(await api.exited).toBe(1);
      const lines = api.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^failed to start: /);
      expect(lines[0]).toMatch(refusal);
      expect(api.stdout).not.toMatch(/save it now|listening on/);

      const ingestor = run(process.execPath, ['dist/apps/ingestor/src/main.js'], {
        DATA_DIR: dir,
        KAFKA_BROKERS: '127.0.0.1:9',
        KAFKA_TOPICS: 'ledger.events',
        INGESTOR_PORT: String(await freePort()),
      });
      expect(await ingestor.exited).toBe(1);
      expect(ingestor.stderr.trim()).toMatch(refusal);
      expect(ingestor.stderr.trim().split('\n')).toHaveLength(1);

      const verify = run(process.execPath, ['dist/apps/cli/src/main.js', 'verify'], { DATA_DIR: dir });
      expect(await verify.exited).toBe(1);
      expect(verify.stderr.trim()).toMatch(refusal);
      expect(existsSync(join(dir, 'admin-key.json'))).toBe(false);
    } finally {
      if (isRunning(holder)) process.kill(holder, 'SIGINT'); // the demo stops at its next safe point and closes the store
      await demo.exited;
    }
    expect(existsSync(join(dir, 'pglite.lock'))).toBe(false);
  }, 240_000);
});

interface Launched {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
}

function holderOf(dataDir: string): number {
  return (JSON.parse(readFileSync(join(dataDir, 'pglite.lock'), 'utf8')) as { pid: number }).pid;
}

/** Field 4 of /proc/<pid>/stat. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie waiting for a reaper that is not ours. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    if (existsSync('/proc/self/stat')) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

async function until(condition: () => boolean, timeoutMillis: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, () => resolve(server));
  });
}

async function freePort(): Promise<number> {
  const server = await listen();
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
