import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '@ledger/config';
import { CliError } from './cli-error';

/** Where the embedded database lives under DATA_DIR (see openDatabase in @ledger/sql). */
export function embeddedDatabaseDir(dataDir: string): string {
  return join(dataDir, 'pglite');
}

/** The embedded database holds the events (EVENT_STORE=embedded) or the read models (no DATABASE_URL). */
export function usesEmbeddedDatabase(config: Pick<AppConfig, 'eventStore' | 'databaseUrl'>): boolean {
  return config.eventStore === 'embedded' || !config.databaseUrl;
}

/**
 * PGlite does not lock its directory: a second process opens it without complaint and the two
 * then overwrite each other's pages, corrupting the database. PGlite does write `postmaster.pid`
 * while open and removes it on close, so: no file, nobody has it open. With the file, on Linux,
 * /proc tells whether a process really holds files there (or a crash left the file behind);
 * elsewhere we refuse and say how to clear a stale file.
 */
export function assertEmbeddedDatabaseFree(config: Pick<AppConfig, 'eventStore' | 'databaseUrl' | 'dataDir'>): void {
  if (!usesEmbeddedDatabase(config)) return;
  const directory = embeddedDatabaseDir(config.dataDir);
  const marker = join(directory, 'postmaster.pid');
  if (!existsSync(marker)) return;
  const holders = processesHolding(directory);
  if (holders && holders.length === 0) return; // a stale marker: nothing has the files open
  const who = holders ? `process ${holders.join(', ')}` : 'another process';
  throw new CliError(
    `the embedded database in DATA_DIR ${config.dataDir} is in use by ${who}. It can only be opened by one process at a time ` +
      '(two would corrupt it): stop that process (e.g. `npm start`) first, or use another DATA_DIR.' +
      (holders ? '' : ` If no process uses it (a crash left it behind), delete ${marker}.`),
  );
}

/**
 * Commands that only read (or rebuild) must not create an empty database where a wrong DATA_DIR
 * points: PGlite would happily initialise one there.
 */
export function assertEmbeddedDatabaseExists(config: Pick<AppConfig, 'eventStore' | 'databaseUrl' | 'dataDir'>): void {
  if (!usesEmbeddedDatabase(config)) return;
  if (existsSync(join(embeddedDatabaseDir(config.dataDir), 'PG_VERSION'))) return;
  throw new CliError(`there is no embedded store in DATA_DIR ${config.dataDir} (wrong DATA_DIR or --data-dir? \`ledger demo\` or the API create one)`);
}

/** "pid (command line)" of every other process with a file open under `directory`; undefined without /proc. */
function processesHolding(directory: string): string[] | undefined {
  if (!existsSync('/proc/self/fd')) return undefined;
  const prefix = `${directory}/`;
  const holders: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let descriptors: string[];
    try {
      descriptors = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or another user's process
    }
    const holds = descriptors.some((fd) => {
      try {
        return readlinkSync(`/proc/${entry}/fd/${fd}`).startsWith(prefix);
      } catch {
        return false;
      }
    });
    if (holds) holders.push(`${entry} (${commandLine(entry)})`);
  }
  return holders;
}

function commandLine(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 120) || 'unknown command';
  } catch {
    return 'unknown command';
  }
}
