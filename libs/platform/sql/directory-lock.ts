import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** Who holds a directory, as written in its lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  /** The holder's command line, shortened: tells the user what to stop. */
  command: string;
  /** When the lock was taken (ISO 8601). */
  since: string;
  /** Linux: the process's start time in clock ticks since boot, so a recycled pid is not mistaken for the holder. */
  processStart?: string;
}

/** Another live process holds the directory. The message is one line naming it and the holder's pid. */
export class DirectoryInUseError extends Error {
  constructor(
    readonly description: string,
    readonly holder: LockHolder,
    readonly lockFile: string,
  ) {
    const where = holder.host === hostname() ? '' : ` on host ${holder.host}`;
    const remote = holder.host === hostname() ? '' : ` If that host no longer runs it, delete ${lockFile}.`;
    super(
      `${description} is in use by process ${holder.pid}${where} (${holder.command}); only one process at a time may open it ` +
        `(two would corrupt it): stop that process first, or use another DATA_DIR.${remote}`,
    );
    this.name = 'DirectoryInUseError';
  }
}

export interface DirectoryLock {
  readonly file: string;
  /** Removes the lock file if it is still ours; idempotent. */
  release(): void;
}

/** The lock file of `directory`: a sibling, so deleting the directory (demo --fresh) can happen under the lock. */
export function lockFileOf(directory: string): string {
  return join(dirname(directory), `${basename(directory)}.lock`);
}

const held = new Map<string, string>(); // lock file → the exact content we wrote
let exitHookInstalled = false;

/**
 * Takes `directory` for this process, or throws DirectoryInUseError naming the live holder.
 *
 * The lock file is created atomically with its content (written to a temp file, then hard-linked
 * into place, which fails if the name exists), so a reader never sees a half-written holder. A lock
 * left by a crash (its pid gone, or reused by another process) is taken over under a short-lived
 * takeover directory, so two processes that both found it stale cannot both win.
 */
export async function acquireDirectoryLock(directory: string, description = `the directory ${directory}`): Promise<DirectoryLock> {
  const file = lockFileOf(directory);
  mkdirSync(dirname(file), { recursive: true });
  const content = `${JSON.stringify(currentHolder())}\n`;
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, content, { mode: 0o644 });
  try {
    for (let attempt = 0; ; attempt++) {
      if (tryLink(temp, file)) break;
      const existing = readLock(file);
      if (existing === undefined) continue; // released between our link and our read: try again
      const holder = parseHolder(existing);
      if (holder && isAlive(holder, file)) throw new DirectoryInUseError(description, holder, file);
      // Stale (or unreadable) lock: replace it, but only the very content we judged stale.
      await takeOver(file, existing, attempt);
    }
  } finally {
    unlinkQuietly(temp);
  }
  held.set(file, content);
  installExitHook();
  let released = false;
  return {
    file,
    release: () => {
      if (released) return;
      released = true;
      releaseFile(file);
    },
  };
}

/** The live holder of `directory`, if any; for a friendly check before a long start-up. */
export function directoryHolder(directory: string): LockHolder | undefined {
  const file = lockFileOf(directory);
  const existing = readLock(file);
  if (existing === undefined) return undefined;
  const holder = parseHolder(existing);
  return holder && isAlive(holder, file) ? holder : undefined;
}

function tryLink(temp: string, file: string): boolean {
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function takeOver(file: string, stale: string, attempt: number): Promise<void> {
  const guard = `${file}.takeover`;
  try {
    mkdirSync(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Someone else is replacing it right now; a guard older than a few seconds is a crash's leftover.
    if (ageMillis(guard) > 5000) rmdirQuietly(guard);
    await sleep(Math.min(20 * (attempt + 1), 200));
    return;
  }
  try {
    if (readLock(file) === stale) unlinkQuietly(file);
  } finally {
    rmdirQuietly(guard);
  }
}

function releaseFile(file: string): void {
  const ours = held.get(file);
  held.delete(file);
  // Never remove a lock someone else took over (e.g. after ours was deleted by hand).
  if (ours !== undefined && readLock(file) === ours) unlinkQuietly(file);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A process that exits without closing its database (process.exit, an uncaught error) leaves no lock behind.
  process.once('exit', () => {
    for (const file of [...held.keys()]) releaseFile(file);
  });
}

function currentHolder(): LockHolder {
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    // The program, the script and its first argument (the ledger command) say what to stop; later
    // arguments may carry secrets (connection strings), and the file is readable by others.
    command: process.argv
      .slice(0, 3)
      .map((arg, index) => (index === 0 ? basename(arg) : arg.replace(/\/\/([^:@/\s]+):[^@/\s]*@/g, '//$1:***@')))
      .join(' ')
      .slice(0, 200),
    since: new Date().toISOString(),
  };
  const start = processStart(process.pid);
  if (start !== undefined) holder.processStart = start;
  return holder;
}

function isAlive(holder: LockHolder, file: string): boolean {
  // A holder on another host cannot be checked from here: assume it is alive (the message says how to clear it).
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) {
    // Our own pid: alive only if this very process took the lock (a restarted container reuses pids).
    return held.has(file) && (holder.processStart === undefined || holder.processStart === processStart(process.pid));
  }
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false; // ESRCH: no such process
  }
  const stat = procStat(holder.pid);
  if (stat === undefined) return true; // no /proc here: the signal check is all we have
  // A zombie has exited (its parent has not reaped it yet); another start time is another process.
  if (stat[0] === 'Z') return false;
  return holder.processStart === undefined || stat[19] === holder.processStart;
}

/** Field 22 of /proc/<pid>/stat: the start time in clock ticks since boot. */
function processStart(pid: number): string | undefined {
  return procStat(pid)?.[19];
}

/** The fields of /proc/<pid>/stat from the state on (field 3), after the command, which may contain spaces. */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isSafeInteger(value.pid) || (value.pid as number) <= 0 || typeof value.host !== 'string') return undefined;
    return {
      pid: value.pid as number,
      host: value.host,
      command: String(value.command ?? 'unknown command'),
      since: String(value.since ?? ''),
      processStart: value.processStart,
    };
  } catch {
    return undefined;
  }
}

function readLock(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function ageMillis(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

function rmdirQuietly(directory: string): void {
  try {
    rmdirSync(directory);
  } catch {
    // already gone
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
