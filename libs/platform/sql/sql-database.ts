/**
 * The small SQL surface the ledger needs. PGlite (embedded) and node-postgres both speak
 * PostgreSQL with `$1` parameters, so every store and projection is written once against it.
 */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs several `;`-separated statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlDatabase extends SqlExecutor {
  /** Which engine answers; lets an adapter state its limits honestly in logs and /health. */
  readonly kind: 'embedded' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The database could not be reached, dropped the connection or is shutting down or starting up.
 * An operating condition, not a bug: callers retry later (projections, the Kafka ingestor) or
 * answer 503 (the API). Everything that talks to PostgreSQL turns such failures into this class.
 */
export class DatabaseUnavailableError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`database unavailable: ${reason}`, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/*
 * SQLSTATEs meaning "the server is not there for you right now": class 08 (connection
 * exception), 57P01 admin_shutdown (pg_terminate_backend, a fast shutdown), 57P02
 * crash_shutdown, 57P03 cannot_connect_now (starting up or shutting down), 53300
 * too_many_connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Socket and DNS failures Node reports while connecting or talking to the server. */
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** node-postgres reports a lost or unusable connection with these messages and no code. */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|Connection timeout|Query read timeout|connection (?:was )?closed/i;

/** The one place that decides whether a failure means "the database is unavailable" (retry later, 503). */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
  // Codes that name a definite SQL error mean the server answered; only a code-less message can be a lost connection.
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) {
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  }
  // Node wraps the attempts of a multi-address connect in an AggregateError.
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return cause !== undefined && cause !== error && isDatabaseUnavailable(cause, depth + 1);
}

/**
 * Failures worth retrying as they are: the database is unavailable, or the transaction lost a
 * race (serialization failure 40001, deadlock 40P01, lock not available 55P03, query canceled
 * by a statement or lock timeout 57014). Anything else is a definite answer about the work itself.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (isDatabaseUnavailable(error)) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01' || code === '55P03' || code === '57014';
}

/** Wraps a failure in DatabaseUnavailableError when it is one; passes anything else through untouched. */
export function asDatabaseUnavailable(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError || !isDatabaseUnavailable(error)) return error;
  const reason = error instanceof Error ? error.message || error.name : String(error);
  const code = (error as { code?: unknown }).code;
  return new DatabaseUnavailableError(typeof code === 'string' && !reason.includes(code) ? `${reason} (${code})` : reason, {
    cause: error,
  });
}
