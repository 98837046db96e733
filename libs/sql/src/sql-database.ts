/**
 * The small SQL surface the ledger needs. PGlite (embedded) and node-postgres both speak
 * PostgreSQL with `$1` parameters, so every store and projection is written once against it.
 */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface SqlDatabase extends SqlExecutor {
  /** Which engine answers; lets an adapter state its limits honestly in logs and /health. */
  readonly kind: 'embedded' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs several `;`-separated statements without parameters (schema set-up). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
