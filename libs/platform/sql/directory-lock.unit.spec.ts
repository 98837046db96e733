import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDirectoryLock, directoryHolder, DirectoryInUseError, lockFileOf, type LockHolder } from './directory-lock';

describe('acquireDirectoryLock', () => {
  let root: string;
  let directory: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'directory-lock-'));
    directory = join(root, 'pglite');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const writeLock = (holder: Partial<LockHolder>) =>
    writeFileSync(
      lockFileOf(directory),
      JSON.stringify({ host: hostname(), command: 'node somewhere', since: '2026-01-01T00:00:00Z', ...holder }),
    );

  it('writes this process as the holder and removes the file on release', async () => {
    const lock = await acquireDirectoryLock(directory, 'the test directory');
    expect(lock.file).toBe(join(root, 'pglite.lock'));
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, command: expect.stringContaining('node') });
    expect(directoryHolder(directory)?.pid).toBe(process.pid);
    lock.release();
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    expect(directoryHolder(directory)).toBeUndefined();
  });

  it('refuses a second holder in the same process, naming the pid', async () => {
    const lock = await acquireDirectoryLock(directory);
    await expect(acquireDirectoryLock(directory, 'the test directory')).rejects.toThrow(
      new RegExp(`^the test directory is in use by process ${process.pid} \\(.*\\); only one process at a time may open it`),
    );
    lock.release();
    (await acquireDirectoryLock(directory)).release();
  });

  it('refuses a directory a live process holds', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      writeLock({ pid: child.pid, processStart: processStart(child.pid as number) });
      const error = await acquireDirectoryLock(directory, 'the embedded database in DATA_DIR /x').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DirectoryInUseError);
      expect((error as Error).message).toBe(
        `the embedded database in DATA_DIR /x is in use by process ${child.pid} (node somewhere); only one process at a time may open it (two would corrupt it): stop that process first, or use another DATA_DIR.`,
      );
      expect((error as Error).message).not.toContain('\n');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over the lock of a process that is gone (a crash)', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeLock({ pid: Number(gone) });
    expect(directoryHolder(directory)).toBeUndefined();
    const lock = await acquireDirectoryLock(directory);
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over the lock of a process that exited but was not reaped yet (a zombie)', async () => {
    if (!existsSync('/proc/self/stat')) return;
    // `sleep 0` exits at once; its parent, replaced by `sleep 5` through exec, never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = Number(
        await new Promise<string>((resolve) => parent.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()))),
      );
      for (let i = 0; i < 50 && readFileSync(`/proc/${zombie}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      writeLock({ pid: zombie, processStart: processStart(zombie) });
      (await acquireDirectoryLock(directory)).release();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('takes over a lock whose pid now belongs to another process (a restarted container)', async () => {
    if (!existsSync('/proc/self/stat')) return; // needs /proc to tell the processes apart
    writeLock({ pid: process.ppid, processStart: '1' });
    (await acquireDirectoryLock(directory)).release();
    writeLock({ pid: process.pid, processStart: '1' }); // our own pid, written by an earlier process
    (await acquireDirectoryLock(directory)).release();
  });

  it('takes over an unreadable lock file', async () => {
    writeFileSync(lockFileOf(directory), 'garbage');
    (await acquireDirectoryLock(directory)).release();
  });

  it('assumes a holder on another host is alive and says how to clear it', async () => {
    writeLock({ pid: 1, host: 'elsewhere' });
    await expect(acquireDirectoryLock(directory, 'dir')).rejects.toThrow(
      `dir is in use by process 1 on host elsewhere (node somewhere); only one process at a time may open it (two would corrupt it): stop that process first, or use another DATA_DIR. If that host no longer runs it, delete ${lockFileOf(directory)}.`,
    );
  });

  it('never removes a lock it no longer holds', async () => {
    const lock = await acquireDirectoryLock(directory);
    writeLock({ pid: 1, host: 'elsewhere' }); // replaced by hand meanwhile
    lock.release();
    expect(existsSync(lock.file)).toBe(true);
  });

  it('lets exactly one of several processes racing for a stale lock win', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeLock({ pid: Number(gone) });
    // Winners keep the lock until told to stop, so a slow starter cannot win after an early winner left.
    const script = `
      const { acquireDirectoryLock } = require(${JSON.stringify(join(__dirname, 'directory-lock.ts'))});
      acquireDirectoryLock(${JSON.stringify(directory)}).then(
        () => { process.stdout.write('won'); process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000); },
        (error) => { process.stdout.write(error.name); process.exit(0); },
      );`;
    const children = Array.from({ length: 4 }, () =>
      spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] }),
    );
    const outcomes = await Promise.all(
      children.map((child) => new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())))),
    );
    await Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : (child.once('exit', resolve), child.kill('SIGTERM')))),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'won')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'DirectoryInUseError')).toHaveLength(3);
    expect(existsSync(lockFileOf(directory))).toBe(false); // the winner's exit released it
  }, 60_000);
});

function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
