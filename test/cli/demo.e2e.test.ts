import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerCli } from './support/ledger-cli';

/**
 * `ledger demo` and the commands a user runs after it, end to end: real processes on a real
 * embedded store in a temporary DATA_DIR. The steps build on each other.
 */
describe('ledger demo, verify, statement, rebuild', () => {
  let cli: LedgerCli;
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-demo-'));
  const env = { DATA_DIR: dataDir };
  let demoHash: string;
  let verifiedHash: string;
  let topPartner: string;

  beforeAll(async () => {
    cli = await LedgerCli.build();
  }, 120_000);
  afterAll(() => {
    cli?.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads a small program through the ingestion path and summarizes it', async () => {
    const { code, stdout, stderr } = await cli.run(['demo', '--partners', '12', '--months', '3'], env);
    expect(stderr).toContain(`Loading a 3-month program of 12 partners from 2025-01 (seed 42) into the embedded store in ${dataDir}`);
    expect(stderr).toMatch(/^2025-03: \d+ events, \d+ payouts$/m); // one line per month when stderr is not a terminal
    expect(code).toBe(0);
    expect(stdout).toMatch(/Demo program loaded in [\d.]+ s: 3 months up to 2025-03-31, 12 partners\./);
    expect(stdout).toMatch(/events ingested: \d+ upstream/);
    expect(stdout).toMatch(/conversions: \d+, of which \d+ partner-sourced/);
    expect(stdout).toMatch(/^ {2}USD +[\d,.]+ of +[\d,.]+ +\d+\.\d %/m);
    topPartner = /^ {2}1\. (P-\d{3}) /m.exec(stdout)?.[1] as string;
    expect(topPartner).toBeDefined();
    demoHash = /Ledger verification: ok .* ledger hash ([0-9a-f]{64})/.exec(stdout)?.[1] as string;
    expect(demoHash).toBeDefined();
    expect(stdout).toContain(`http://localhost:3000/v1/partners/${topPartner}/statement`);
    expect(stdout).toContain('http://localhost:3000/v1/reports/partner-sourced-revenue?groupBy=partnerType');
    // The URLs need a key: with API_KEYS empty the admin key is generated now, once, as the API would.
    expect(stdout).toMatch(/save it now: adm_\S+/);
    expect(existsSync(join(dataDir, 'admin-key.json'))).toBe(true);
  }, 180_000);

  it('verify: exits 0 with the ledger hash the demo printed', async () => {
    const { code, stdout } = await cli.run(['verify'], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ok: \d+ lines in \d+ transactions of \d+ partners/m);
    verifiedHash = /^ledger hash: ([0-9a-f]{64})$/m.exec(stdout)?.[1] as string;
    expect(verifiedHash).toBe(demoHash);
  });

  it("statement: prints the top partner's lines, for people or as CSV", async () => {
    const text = await cli.run(['statement', topPartner], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^Statement of ${topPartner}, from the beginning to `));
    expect(text.stdout).toMatch(/^2025-0\d-\d\d +USD +accrual +\d+\.\d\d +\d+\.\d\d +commission at 20% \(registered\)/m);

    const csv = await cli.run(['statement', topPartner, '--format', 'csv', '--from', '2025-02-01'], env);
    expect(csv.code).toBe(0);
    const [header, ...rows] = csv.stdout.trim().split('\n');
    expect(header).toMatch(/^date,currency,kind,description,debit,credit,amount,running_balance,/);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.slice(0, 10) >= '2025-02-01')).toBe(true);
  });

  it('statement: an unknown partner exits 1 and says so', async () => {
    const { code, stdout, stderr } = await cli.run(['statement', 'P-999'], env);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`ledger statement: partner "P-999" is unknown to the ledger in the embedded store in ${dataDir}`);
  });

  it('rebuild: replays the store into fresh projections and arrives at the same ledger hash', async () => {
    const { code, stdout } = await cli.run(['rebuild'], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^rebuilt 4 projections from \d+ events in [\d.]+ s$/m);
    expect(stdout).toContain('verification: ok');
    expect(/^ledger hash: ([0-9a-f]{64})$/m.exec(stdout)?.[1]).toBe(verifiedHash);
  }, 120_000);

  it('demo: refuses a store that already holds events', async () => {
    const { code, stderr } = await cli.run(['demo', '--partners', '12', '--months', '3'], env);
    expect(code).toBe(1);
    expect(stderr).toMatch(/the embedded store in .* already holds [\d,]+ events and the demo only loads into an empty store: add --fresh/);
  });

  it('refuses to open the store while the API server has it open (two processes would corrupt it)', async () => {
    const server = await startApi(cli, dataDir);
    try {
      for (const args of [['verify'], ['demo', '--fresh', '--partners', '12', '--months', '3']]) {
        const { code, stderr } = await cli.run(args, env);
        expect(code).toBe(1);
        expect(stderr).toMatch(
          new RegExp(`the embedded database in DATA_DIR ${dataDir} is in use by process ${server.pid} \\(.*api/src/main\\.js\\)`),
        );
      }
    } finally {
      await server.stop();
    }
    expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true); // --fresh deleted nothing
  }, 120_000);
});

/** The built API on `dataDir`, as `npm start` runs it; resolves once it listens. */
async function startApi(cli: LedgerCli, dataDir: string): Promise<{ pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [cli.entryPoint.replace('apps/cli/src/main.js', 'apps/api/src/main.js')], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'silent', EVENT_STORE: 'embedded', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = Date.now();
  while (!output.includes('listening on')) {
    if (child.exitCode !== null) throw new Error(`the API exited early:\n${output}`);
    if (Date.now() - started > 60_000) throw new Error(`the API did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    pid: child.pid as number,
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
