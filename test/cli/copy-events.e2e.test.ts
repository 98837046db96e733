import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlEventStore } from '@ledger/platform/event-store';
import type { RecordedEvent } from '@ledger/contracts';
import { PgliteDatabase, PostgresDatabase } from '@ledger/platform/sql';
import { click, cloudEvent } from '../support/events';
import { createScratchDatabase, describeWithPostgres } from '../support/postgres';

/**
 * `ledger copy-events` end to end, as a user runs it: a separate process between a real embedded
 * store on disk and a real PostgreSQL database. The steps build on each other.
 */
describeWithPostgres('ledger copy-events (embedded ⇄ PostgreSQL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-copy-'));
  const sourceDir = join(dir, 'source');
  const backDir = join(dir, 'back');
  let scratch: { url: string; drop(): Promise<void> };
  let sourceEvents: RecordedEvent[];

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    await withEmbedded(sourceDir, async (store) => {
      for (let b = 0; b < 4; b++) {
        await store.append([
          {
            streamId: `partner-P-${b}`,
            event: cloudEvent('partner.enrolled', { partnerId: `P-${b}`, name: `Partner ${b}`, partnerType: 'reseller' }),
          },
          { streamId: 'visitor-v-1', event: click(`P-${b}`, 'v-1') },
        ]);
      }
      sourceEvents = await store.readAll(0, 100);
    });
  });
  afterAll(async () => {
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const toPostgres = () => [
    '--from',
    'embedded',
    '--from-data-dir',
    sourceDir,
    '--to',
    'postgres',
    '--to-url',
    scratch.url,
    '--batch-size',
    '3',
  ];

  it('copies every event in order, keeps recorded times, and proves it by counts and hashes', async () => {
    const { code, stdout } = await ledger(['copy-events', ...toPostgres()]);
    expect(code).toBe(0);
    expect(stdout).toContain(`source: embedded store in ${sourceDir}`);
    expect(stdout).toContain('copied 8 events (0 were already in the target)');
    const [source, target] = hashes(stdout);
    expect(source).toEqual({ events: 8, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(target).toEqual(source);
    expect(stdout).toMatch(/^OK: both stores hold the same events in the same order/m);

    const copied = await withPostgres((store) => store.readAll(0, 100));
    expect(copied).toEqual(sourceEvents); // same positions too: both SQL stores number densely from 1
  });

  it('copies nothing when run again', async () => {
    const { code, stdout } = await ledger(['copy-events', ...toPostgres()]);
    expect(code).toBe(0);
    expect(stdout).toContain('copied 0 events (8 were already in the target)');
    expect(await withPostgres((store) => store.headPosition())).toBe(8);
  });

  it('copies back into a new embedded store with the same hash', async () => {
    const { code, stdout } = await ledger([
      'copy-events',
      '--from',
      'postgres',
      '--from-url',
      scratch.url,
      '--to',
      'embedded',
      '--to-data-dir',
      backDir,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('copied 8 events');
    const first = hashes((await ledger(['copy-events', ...toPostgres(), '--verify-only'])).stdout)[0];
    expect(hashes(stdout)[1]).toEqual(first);
    expect(await withEmbedded(backDir, (store) => store.readAll(0, 100))).toEqual(sourceEvents);
  });

  it('detects a target that differs, says where, and exits non-zero without writing', async () => {
    const foreign = click('P-X', 'v-x');
    await withPostgres((store) => store.append([{ streamId: 'elsewhere', event: foreign }]));

    const verify = await ledger(['copy-events', ...toPostgres(), '--verify-only']);
    expect(verify.code).toBe(1);
    const [source, target] = hashes(verify.stdout);
    expect(source.events).toBe(8);
    expect(target.events).toBe(9);
    expect(verify.stdout).toMatch(
      /MISMATCH: the stores differ; first difference at event #9: source has none, target test\/.* in elsewhere@0/,
    );

    // Same number of events, different content: the hashes tell them apart.
    const other = click('P-Y', 'v-y');
    await withEmbedded(sourceDir, (store) => store.append([{ streamId: 'elsewhere', event: other }]));
    const copy = await ledger(['copy-events', ...toPostgres()]);
    expect(copy.code).toBe(1);
    expect(copy.stdout).toMatch(/refused: the target holds events that are not the source's first events \(first difference at event #9/);
    const [sameCount, differing] = hashes(copy.stdout);
    expect(differing.events).toBe(sameCount.events);
    expect(differing.sha256).not.toBe(sameCount.sha256);
    expect(await withPostgres((store) => store.headPosition())).toBe(9);
  });

  it('names the option and the reason for a wrong command line', async () => {
    const missing = await ledger(['copy-events', '--from', 'postgres', '--to', 'embedded', '--to-data-dir', backDir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('ledger: --from-url: is required for --from postgres');
    const same = await ledger([
      'copy-events',
      '--from',
      'embedded',
      '--from-data-dir',
      sourceDir,
      '--to',
      'embedded',
      '--to-data-dir',
      sourceDir,
    ]);
    expect(same.stderr).toContain('ledger: --from and --to name the same store');
    const unreachable = await ledger([
      'copy-events',
      '--from',
      'embedded',
      '--from-data-dir',
      sourceDir,
      '--to',
      'eventstoredb',
      '--to-url',
      'esdb://127.0.0.1:1?tls=false',
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/ledger: --to-url: cannot use EventStoreDB at esdb:\/\/127\.0\.0\.1:1\?tls=false: .*ECONNREFUSED/);
  });

  async function withPostgres<T>(work: (store: SqlEventStore) => Promise<T>): Promise<T> {
    const db = new PostgresDatabase(scratch.url, 2);
    try {
      return await work(await SqlEventStore.open(db));
    } finally {
      await db.close();
    }
  }
});

async function withEmbedded<T>(dataDir: string, work: (store: SqlEventStore) => Promise<T>): Promise<T> {
  const db = await PgliteDatabase.open(join(dataDir, 'pglite'));
  try {
    return await work(await SqlEventStore.open(db));
  } finally {
    await db.close();
  }
}

function hashes(stdout: string): Array<{ events: number; sha256: string }> {
  return [...stdout.matchAll(/^(?:source|target): (\d+) events, sha256 ([0-9a-f]{64})$/gm)].map((match) => ({
    events: Number(match[1]),
    sha256: match[2],
  }));
}

function ledger(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], {
      cwd: join(__dirname, '../..'),
      env: { ...process.env, LOG_LEVEL: 'silent' },
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
