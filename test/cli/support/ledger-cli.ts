import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '../../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The command line as `npm run ledger` runs it: compiled once with the project's SWC settings
 * (into a temporary directory, so the shared dist/ is left alone) and started as a separate
 * process per command. Compiling once keeps each run to the command's own work.
 */
export class LedgerCli {
  private constructor(private readonly buildDir: string) {}

  static async build(): Promise<LedgerCli> {
    const buildDir = mkdtempSync(join(tmpdir(), 'ledger-cli-build-'));
    const swc = join(ROOT, 'node_modules/@swc/cli/bin/swc.js');
    await promisify(execFile)(
      process.execPath,
      [
        swc,
        'apps',
        'libs',
        '-d',
        buildDir,
        '--config-file',
        '.swcrc',
        '--ignore',
        '**/*.spec.ts',
        '--ignore',
        'apps/console/**',
        '--quiet',
      ],
      { cwd: ROOT },
    );
    symlinkSync(join(ROOT, 'node_modules'), join(buildDir, 'node_modules'), 'dir'); // the compiled files resolve packages from here
    return new LedgerCli(buildDir);
  }

  get entryPoint(): string {
    return join(this.buildDir, 'apps/cli/src/main.js');
  }

  /** Runs `ledger <args>` with the test's environment plus `env`; resolves with its exit code and output. */
  run(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [this.entryPoint, ...args], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: undefined, EVENT_STORE: undefined, DATABASE_URL: undefined, API_KEYS: undefined, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk) => (stdout += chunk));
      child.stderr?.on('data', (chunk) => (stderr += chunk));
      child.once('error', reject);
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  remove(): void {
    rmSync(this.buildDir, { recursive: true, force: true });
  }
}
