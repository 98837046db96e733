import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../../scripts/kafka';
import { waitFor } from './kafka-test-kit';

const ROOT = join(__dirname, '../../..');

/** The part of the ingestor's /health body the tests read. */
export interface IngestorHealth {
  status: string;
  counts: Record<string, number>;
  partitions: Array<{ partition: number; lag: number }>;
}

export interface IngestorProcess {
  port: number;
  output(): string;
  /** Resolves with how the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  health(): Promise<IngestorHealth>;
  kill(signal: NodeJS.Signals): void;
}

/** Runs an ingestor entry point (`apps/ingestor/src/main.ts` or a test fixture) as a separate process. */
export async function spawnIngestor(entry: string, env: Record<string, string>): Promise<IngestorProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', INGESTOR_PORT: String(port), KAFKA_SESSION_TIMEOUT_MS: '6000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return {
    port,
    output: () => output,
    exited,
    health: async () => (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as IngestorHealth,
    kill: (signal) => child.kill(signal),
  };
}

/** Waits until /health answers (the consumer has joined its group by then). */
export async function waitUntilServing(ingestor: IngestorProcess, timeoutMillis = 60_000): Promise<void> {
  let ended = false;
  void ingestor.exited.then(() => (ended = true));
  await waitFor(
    async () => {
      if (ended) throw new Error(`the ingestor exited during start-up:\n${ingestor.output()}`);
      return ingestor.health().then(
        () => true,
        () => false,
      );
    },
    'the ingestor to serve /health',
    timeoutMillis,
  );
}
