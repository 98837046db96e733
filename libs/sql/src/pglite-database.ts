import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SqlDatabase, SqlExecutor } from './sql-database';

/** The embedded database: PostgreSQL compiled to WASM, persisted in a directory, no server. */
export class PgliteDatabase implements SqlDatabase {
  readonly kind = 'embedded' as const;

  private constructor(private readonly db: PGlite) {}

  /** `directory` undefined keeps everything in memory (tests, simulations). */
  static async open(directory?: string): Promise<PgliteDatabase> {
    if (directory) mkdirSync(directory, { recursive: true });
    return new PgliteDatabase(await PGlite.create(directory));
  }

  async query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.db.query<Row>(sql, params)).rows;
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) =>
      work({ query: async <Row>(sql: string, params: unknown[] = []) => (await tx.query<Row>(sql, params)).rows }),
    );
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
