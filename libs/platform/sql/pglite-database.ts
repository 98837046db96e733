import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { acquireDirectoryLock, type DirectoryLock } from './directory-lock';
import type { SqlDatabase, SqlExecutor } from './sql-database';

export interface PgliteOpenOptions {
  /** How messages name the directory, e.g. "the embedded database in DATA_DIR ./data". */
  description?: string;
  /**
   * An in-memory database starts as a copy of this dumped cluster (PGlite `dumpDataDir`) instead of
   * initialising one, which takes seconds; ignored when a directory is given.
   */
  startFrom?: Blob;
}

/** The embedded database: PostgreSQL compiled to WASM, persisted in a directory, no server. */
export class PgliteDatabase implements SqlDatabase {
  readonly kind = 'embedded' as const;

  private constructor(
    private readonly db: PGlite,
    private readonly lock?: DirectoryLock,
  ) {}

  /**
   * `directory` undefined keeps everything in memory (tests, simulations). A directory is taken
   * for this process first: PGlite has no lock of its own, and two processes writing the same
   * files corrupt them, so one that another live process holds is refused (DirectoryInUseError).
   */
  static async open(directory?: string, options: PgliteOpenOptions = {}): Promise<PgliteDatabase> {
    if (!directory) return new PgliteDatabase(await PGlite.create(options.startFrom ? { loadDataDir: options.startFrom } : {}));
    const lock = await acquireDirectoryLock(directory, options.description ?? `the embedded database in ${directory}`);
    try {
      mkdirSync(directory, { recursive: true });
      return new PgliteDatabase(await PGlite.create(directory), lock);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  async query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.db.query<Row>(sql, params)).rows;
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) =>
      work({
        query: async <Row>(sql: string, params: unknown[] = []) => (await tx.query<Row>(sql, params)).rows,
        exec: async (sql: string) => void (await tx.exec(sql)),
      }),
    );
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async close(): Promise<void> {
    try {
      if (!this.db.closed) await this.db.close();
    } finally {
      this.lock?.release();
    }
  }
}
