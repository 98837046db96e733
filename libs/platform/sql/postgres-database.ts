import { Pool, type PoolClient } from 'pg';
import { asDatabaseUnavailable, isDatabaseUnavailable, type SqlDatabase, type SqlExecutor } from './sql-database';

export interface PostgresDatabaseOptions {
  poolSize?: number;
  /** How long a caller waits for a connection before the database counts as unavailable. */
  connectionTimeoutMillis?: number;
}

/**
 * A PostgreSQL server reached through a node-postgres pool (`DATABASE_URL`).
 *
 * Built to outlive its server: a restart, a failover or `pg_terminate_backend` breaks the
 * connections in use, and the next caller gets a fresh one. Every failure that means "the
 * server is not there" leaves as DatabaseUnavailableError (retry later, or 503), broken clients
 * are destroyed instead of going back to the pool, and no client error is ever left unheard (an
 * unheard 'error' event would end the process).
 */
export class PostgresDatabase implements SqlDatabase {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;

  constructor(connectionString: string, options: PostgresDatabaseOptions | number = {}) {
    const { poolSize = 10, connectionTimeoutMillis = 5000 } = typeof options === 'number' ? { poolSize: options } : options;
    this.pool = new Pool({
      connectionString,
      max: poolSize,
      // Without it a request waits forever for a server that does not answer (a dropped network path).
      connectionTimeoutMillis,
      // Notices a silently dead peer on idle connections instead of on the next query.
      keepAlive: true,
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its server is removed by the pool; the next checkout connects afresh.
    this.pool.on('error', () => undefined);
  }

  async query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    // pool.query listens for client errors and releases a failed client with its error.
    try {
      return (await this.pool.query(sql, params)).rows as Row[];
    } catch (error) {
      throw asDatabaseUnavailable(error);
    }
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.connect();
    // The server can end the connection while the client is checked out (a restart,
    // pg_terminate_backend). node-postgres then emits 'error' on the client; listen for it so
    // the process survives, fail the transaction, and destroy the client on release.
    let broken: unknown;
    const onError = (error: unknown) => (broken ??= error);
    client.on('error', onError);
    const run = async <Row>(sql: string, params?: unknown[]): Promise<Row[]> => {
      if (broken !== undefined) throw asDatabaseUnavailable(broken);
      try {
        return (await client.query(sql, params)).rows as Row[];
      } catch (error) {
        if (isDatabaseUnavailable(error)) broken ??= error;
        throw asDatabaseUnavailable(error);
      }
    };
    try {
      await run('BEGIN');
      const result = await work({ query: run, exec: async (sql: string) => void (await run(sql)) });
      // A COMMIT cut off by a lost connection may or may not have happened: the caller retries,
      // and every write here is idempotent (appends by (source, id), projections by checkpoint).
      await run('COMMIT');
      return result;
    } catch (error) {
      if (broken === undefined) {
        await client.query('ROLLBACK').catch((rollbackFailure: unknown) => (broken ??= rollbackFailure));
      }
      // A transaction whose connection broke did not commit, whatever `work` was doing then.
      throw asDatabaseUnavailable(!isDatabaseUnavailable(error) && isDatabaseUnavailable(broken) ? broken : error);
    } finally {
      client.removeListener('error', onError);
      // Releasing with an error destroys the client; the pool opens a new one when needed.
      client.release(broken === undefined ? undefined : broken instanceof Error ? broken : new Error(String(broken)));
    }
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.pool.query(sql);
    } catch (error) {
      throw asDatabaseUnavailable(error);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async connect(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw asDatabaseUnavailable(error);
    }
  }
}
