import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerCli } from './support/ledger-cli';

/**
 * What scripts rely on before any work is done: help, and exit status 2 with a message naming
 * the argument for a wrong command line or configuration (1 is kept for "ran, but failed").
 */
describe('ledger command line: arguments and exit codes', () => {
  let cli: LedgerCli;
  const root = mkdtempSync(join(tmpdir(), 'ledger-cli-args-'));
  beforeAll(async () => {
    cli = await LedgerCli.build();
  }, 120_000);
  afterAll(() => {
    cli?.remove();
    rmSync(root, { recursive: true, force: true });
  });

  it.each(['demo', 'verify', 'rebuild', 'statement'])(
    '`%s --help` describes the command and its exit codes, and exits 0',
    async (command) => {
      const { code, stdout } = await cli.run([command, '--help']);
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: ledger ${command}`);
      expect(stdout).toMatch(/Exit status: 0 .*, 1 .*, 2 bad arguments or configuration/s);
    },
  );

  it.each([
    [['demo', '--partners', 'abc'], /option '--partners <n>' argument 'abc' is invalid\. must be a whole number from 6 to 5000/],
    [['demo', '--partners', '3'], /must be a whole number from 6 to 5000, got "3"/],
    [['demo', '--start', '2025-13'], /option '--start <month>' argument '2025-13' is invalid\. must be a month such as 2025-01/],
    [
      ['demo', '--months', '120'],
      /--months: a 120-month program from 2025-01 runs until 2034-12, .* which is not in the past; choose fewer months or an earlier --start/,
    ],
    [['statement'], /missing required argument 'partnerId'/],
    [['statement', 'P-001', '--format', 'xml'], /argument 'xml' is invalid\. Allowed choices are text, json, csv/],
    [
      ['statement', 'P-001', '--from', '2026-02-30'],
      /option '--from <time>' argument '2026-02-30' is invalid\. "2026-02-30" has day 30, but February 2026 has 28 days/,
    ],
    [
      ['statement', 'P-001', '--to', '0000-12-31'],
      /option '--to <time>' argument '0000-12-31' is invalid\. "0000-12-31" has year 0000; years go from 0001 to 9999/,
    ],
    [['verify', '--bogus'], /unknown option '--bogus'/],
  ])('refuses %j with exit 2 and says why', async (args, message) => {
    const { code, stderr } = await cli.run(args, { DATA_DIR: join(root, 'unused') });
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
    expect(existsSync(join(root, 'unused'))).toBe(false);
  });

  it('refuses an invalid environment with exit 2, naming the variable', async () => {
    const { code, stderr } = await cli.run(['verify'], { EVENT_STORE: 'mongo' });
    expect(code).toBe(2);
    expect(stderr).toContain('ledger verify: EVENT_STORE: must be embedded, postgres or eventstoredb, got "mongo"');
  });

  it('refuses --fresh on a store it must not wipe, with exit 2', async () => {
    const { code, stderr } = await cli.run(['demo', '--fresh'], {
      EVENT_STORE: 'postgres',
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(code).toBe(2);
    expect(stderr).toContain('--fresh only deletes the embedded store, and EVENT_STORE is postgres');
  });

  it.each(['verify', 'rebuild', ['statement', 'P-001']])(
    '%s on a data directory without a store exits 1 and creates nothing there',
    async (command) => {
      const dataDir = join(root, `missing-${[command].flat()[0]}`);
      const { code, stderr } = await cli.run([command].flat(), { DATA_DIR: dataDir });
      expect(code).toBe(1);
      expect(stderr).toContain(`there is no embedded store in DATA_DIR ${dataDir}`);
      expect(existsSync(dataDir)).toBe(false);
    },
  );
});
