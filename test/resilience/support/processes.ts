import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../../scripts/kafka';

const ROOT = join(__dirname, '../../..');

/** A product process (the API or the ingestor) started from its real entry point, as in production. */
export interface ProductProcess {
  port: number;
  output(): string;
  /** Null while it runs: a process that ends by itself is a failure of these tests. */
  exitCode(): number | null;
  exited: Promise<void>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer the tests read freely
  get(path: string): Promise<{ status: number; headers: Headers; body: any }>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `entry` (relative to the repository) with `env` and waits until `ready` shows up in its output. */
export async function startProcess(
  entry: string,
  env: Record<string, string>,
  options: { portVariable: string; ready: RegExp },
): Promise<ProductProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', entry], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, [options.portVariable]: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  let exitCode: number | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? 128 : -1);
      resolve();
    }),
  );
  const started = Date.now();
  while (!options.ready.test(output)) {
    if (exitCode !== null) throw new Error(`${entry} exited during start-up:\n${output}`);
    if (Date.now() - started > 60_000) throw new Error(`${entry} did not start:\n${output}`);
    await sleep(50);
  }
  return {
    port,
    output: () => output,
    exitCode: () => exitCode,
    exited,
    get: async (path) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      return { status: response.status, headers: response.headers, body: await response.json() };
    },
    stop: async (signal = 'SIGTERM') => {
      if (exitCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

/** Ends every server connection to `database` (what a PostgreSQL restart or a failover does to the clients), from outside the product. */
export async function terminateBackends(adminUrl: string, database: string): Promise<number> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ terminated: boolean }>(
      'SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    return rows.filter((row) => row.terminated).length;
  } finally {
    await client.end();
  }
}

/** Runs `work` on a direct connection to `url` (reading what the product stored, bypassing it). */
export async function withDatabase<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function sleep(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMillis = 30_000): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMillis) throw new Error(`timed out after ${timeoutMillis} ms waiting for ${what}`);
    await sleep(100);
  }
  return Date.now() - started;
}
