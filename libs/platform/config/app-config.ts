import { resolve } from 'node:path';
import { parseApiKeys } from '@ledger/platform/auth';

export type EventStoreKind = 'embedded' | 'postgres' | 'eventstoredb';

/** Everything the apps read from the environment, checked once at start-up. */
export interface AppConfig {
  port: number;
  dataDir: string;
  eventStore: EventStoreKind;
  /** PostgreSQL for the `postgres` store and for read models; undefined = embedded database. */
  databaseUrl?: string;
  eventStoreUrl?: string;
  /** EventStoreDB: prefix of the ledger's stream names (adapter default `ledger`), so several ledgers can share one server. */
  eventStoreNamespace?: string;
  apiKeys?: string;
  logLevel: string;
  /** Largest accepted request body; larger ones get 413. */
  maxBodyBytes: number;
  /** Most events accepted in one POST /v1/events; more get 413. */
  maxBatchEvents: number;
  /** Browser origins allowed to call the API (CORS); empty = no CORS headers at all. */
  corsOrigins: string[];
  /** Failed authentications one client address may cause per window before it gets 429. */
  authFailureLimit: number;
  authFailureWindowSeconds: number;
  /** Reverse proxies in front of the API whose X-Forwarded-For names the client address; 0 = none. */
  trustProxyHops: number;
  /** METRICS_PORT: serve GET /metrics on this port (a server of its own) instead of the app's port. */
  metricsPort?: number;
  /** Run the projections in this process (default); false when a projector process runs them (`apps/projector`). */
  runProjections: boolean;
  /** The projector's port for /health (projector only). */
  projectorPort: number;
  /** PROJECTIONS: the projections this projector runs, by name; null = all (projector only; one process per projection scales a catch-up out). */
  projections: readonly string[] | null;
  /** STATE_CACHE_ENTITIES: state entities each projection keeps in memory between batches (the rest stay in SQL). */
  stateCacheEntities: number;
  /** WEBHOOK_ALLOW_PRIVATE: webhooks may call private, loopback and link-local addresses (tests, closed networks only). */
  webhookAllowPrivate: boolean;
  /** WEBHOOK_RETRY_SCHEDULE: pauses between attempts of a failing webhook delivery, the last repeating; undefined = 5s,30s,2m,10m,30m,1h. */
  webhookRetryScheduleMillis?: number[];
  /** WEBHOOK_RETRY_WINDOW: how long a delivery is retried from its first attempt before it is marked failed; undefined = 24h. */
  webhookRetryWindowMillis?: number;
  /** WEBHOOK_TIMEOUT_MS: longest wait for a receiver's answer. */
  webhookTimeoutMillis: number;
  /** KAFKA_OUTBOUND_TOPIC (with KAFKA_BROKERS): publish every notification there as a CloudEvent. */
  kafkaOutbound?: { brokers: string[]; topic: string; clientId: string };
}

export class ConfigError extends Error {
  constructor(variable: string, reason: string) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

export function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) throw new ConfigError(name, `must be a positive integer, got "${raw}"`);
  return Number(raw);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const eventStore = (env.EVENT_STORE || 'embedded') as EventStoreKind;
  if (!['embedded', 'postgres', 'eventstoredb'].includes(eventStore)) {
    throw new ConfigError('EVENT_STORE', `must be embedded, postgres or eventstoredb, got "${eventStore}"`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (eventStore === 'postgres' && !databaseUrl) throw new ConfigError('DATABASE_URL', 'is required when EVENT_STORE=postgres');
  const eventStoreUrl = env.EVENTSTORE_URL || undefined;
  if (eventStore === 'eventstoredb' && !eventStoreUrl) throw new ConfigError('EVENTSTORE_URL', 'is required when EVENT_STORE=eventstoredb');
  if (eventStore === 'eventstoredb' && !/^esdb(\+discover)?:\/\//.test(eventStoreUrl as string)) {
    throw new ConfigError('EVENTSTORE_URL', 'must start with esdb:// or esdb+discover://, e.g. esdb://localhost:2113?tls=false');
  }
  const eventStoreNamespace = env.EVENTSTORE_NAMESPACE || undefined;
  if (eventStoreNamespace !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(eventStoreNamespace)) {
    throw new ConfigError('EVENTSTORE_NAMESPACE', `must be 1 to 64 letters, digits, "_" or "-", got "${eventStoreNamespace}"`);
  }
  checkApiKeys(env.API_KEYS);
  const port = positiveInteger(env, 'PORT', 3000);
  if (port > 65535) throw new ConfigError('PORT', `must be at most 65535, got ${port}`);
  const metricsPort = optionalPort(env, 'METRICS_PORT');
  if (metricsPort === port) throw new ConfigError('METRICS_PORT', `must differ from PORT (${port}): it moves /metrics off the API port`);
  return {
    port,
    dataDir: resolve(env.DATA_DIR || './data'),
    eventStore,
    databaseUrl,
    eventStoreUrl,
    eventStoreNamespace,
    apiKeys: env.API_KEYS,
    logLevel: env.LOG_LEVEL || 'info',
    maxBodyBytes: positiveInteger(env, 'MAX_BODY_BYTES', 5 * 1024 * 1024),
    maxBatchEvents: positiveInteger(env, 'MAX_BATCH_EVENTS', 1000),
    corsOrigins: corsOrigins(env.CORS_ORIGINS),
    authFailureLimit: positiveInteger(env, 'AUTH_FAILURE_LIMIT', 20),
    authFailureWindowSeconds: positiveInteger(env, 'AUTH_FAILURE_WINDOW_SECONDS', 60),
    trustProxyHops: nonNegativeInteger(env, 'TRUST_PROXY_HOPS', 0),
    metricsPort,
    runProjections: runProjections(env, eventStore, databaseUrl),
    projectorPort: positiveInteger(env, 'PROJECTOR_PORT', 3002),
    projections: projectionNames(env.PROJECTIONS),
    stateCacheEntities: positiveInteger(env, 'STATE_CACHE_ENTITIES', 200_000),
    ...webhookSettings(env),
    kafkaOutbound: kafkaOutbound(env),
  };
}

function webhookSettings(
  env: NodeJS.ProcessEnv,
): Pick<AppConfig, 'webhookAllowPrivate' | 'webhookRetryScheduleMillis' | 'webhookRetryWindowMillis' | 'webhookTimeoutMillis'> {
  const allow = env.WEBHOOK_ALLOW_PRIVATE;
  if (allow !== undefined && allow !== '' && allow !== 'true' && allow !== 'false')
    throw new ConfigError('WEBHOOK_ALLOW_PRIVATE', `must be true or false, got "${allow}"`);
  const schedule = env.WEBHOOK_RETRY_SCHEDULE;
  let webhookRetryScheduleMillis: number[] | undefined;
  if (schedule !== undefined && schedule !== '') {
    webhookRetryScheduleMillis = schedule.split(',').map((item) => {
      const millis = durationMillis(item.trim());
      if (millis === null)
        throw new ConfigError('WEBHOOK_RETRY_SCHEDULE', `"${item.trim()}" is not a duration such as 500ms, 5s, 2m or 1h`);
      return millis;
    });
  }
  const window = env.WEBHOOK_RETRY_WINDOW;
  let webhookRetryWindowMillis: number | undefined;
  if (window !== undefined && window !== '') {
    webhookRetryWindowMillis = durationMillis(window.trim()) ?? undefined;
    if (webhookRetryWindowMillis === undefined)
      throw new ConfigError('WEBHOOK_RETRY_WINDOW', `"${window}" is not a duration such as 30m, 24h or 2d`);
  }
  return {
    webhookAllowPrivate: allow === 'true',
    webhookRetryScheduleMillis,
    webhookRetryWindowMillis,
    webhookTimeoutMillis: positiveInteger(env, 'WEBHOOK_TIMEOUT_MS', 10_000),
  };
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `500ms`, `5s`, `2m`, `1h`, `2d`: a positive whole number and a unit; null otherwise. */
function durationMillis(raw: string): number | null {
  const match = /^(\d{1,9})(ms|s|m|h|d)$/.exec(raw);
  if (!match || Number(match[1]) <= 0) return null;
  return Number(match[1]) * DURATION_UNITS[match[2]];
}

function kafkaOutbound(env: NodeJS.ProcessEnv): AppConfig['kafkaOutbound'] {
  const topic = env.KAFKA_OUTBOUND_TOPIC;
  if (topic === undefined || topic === '') return undefined;
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(topic) || topic === '.' || topic === '..')
    throw new ConfigError(
      'KAFKA_OUTBOUND_TOPIC',
      `"${topic}" is not a valid Kafka topic name (letters, digits, ".", "_", "-"; at most 249 characters)`,
    );
  const brokers = [
    ...new Set(
      (env.KAFKA_BROKERS ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ];
  if (brokers.length === 0)
    throw new ConfigError('KAFKA_BROKERS', 'is required with KAFKA_OUTBOUND_TOPIC (a comma-separated list of host:port)');
  for (const broker of brokers) {
    const port = /^[^\s:/]+:(\d{1,5})$/.exec(broker)?.[1];
    if (!port || Number(port) < 1 || Number(port) > 65535) throw new ConfigError('KAFKA_BROKERS', `"${broker}" is not host:port`);
  }
  return { brokers, topic, clientId: env.KAFKA_CLIENT_ID || 'partner-ledger-notifications' };
}

/** API_KEYS is checked here so a bad entry (e.g. a key under 16 characters) stops start-up before anything opens. */
/** A comma-separated list of names, each once; which names exist is the composition's to say (selectProjections). */
function projectionNames(raw: string | undefined): readonly string[] | null {
  if (raw === undefined || raw.trim() === '') return null;
  const names = raw.split(',').map((name) => name.trim());
  if (names.some((name) => name === '')) throw new ConfigError('PROJECTIONS', `has an empty name in "${raw}"`);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated) throw new ConfigError('PROJECTIONS', `names ${repeated} twice`);
  return names;
}

/** RUN_PROJECTIONS=false hands the projections to a projector process, which needs a database both can open. */
function runProjections(env: NodeJS.ProcessEnv, eventStore: EventStoreKind, databaseUrl: string | undefined): boolean {
  const raw = env.RUN_PROJECTIONS;
  if (raw === undefined || raw === '' || raw === 'true') return true;
  if (raw !== 'false') throw new ConfigError('RUN_PROJECTIONS', `must be true or false, got "${raw}"`);
  if (eventStore === 'embedded' || !databaseUrl) {
    throw new ConfigError(
      'RUN_PROJECTIONS',
      'false needs DATABASE_URL and EVENT_STORE=postgres or eventstoredb: the embedded database opens in one process only',
    );
  }
  return false;
}

function checkApiKeys(raw: string | undefined): void {
  try {
    parseApiKeys(raw);
  } catch (error) {
    // parseApiKeys names API_KEYS and the entry, never the key itself.
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError('API_KEYS', message.replace(/^API_KEYS /, ''));
  }
}

/** `https://console.example.com,http://localhost:5173`: exact origins (scheme, host, port), no paths, no wildcard. */
function corsOrigins(raw: string | undefined): string[] {
  const origins = (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(
        'CORS_ORIGINS',
        `"${origin}" is not an origin such as https://console.example.com (scheme, host and port only, no path or trailing slash, no wildcard)`,
      );
    }
  }
  return [...new Set(origins)];
}

function optionalPort(env: NodeJS.ProcessEnv, name: string): number | undefined {
  if (env[name] === undefined || env[name] === '') return undefined;
  const port = positiveInteger(env, name, 0);
  if (port > 65535) throw new ConfigError(name, `must be at most 65535, got ${port}`);
  return port;
}

function nonNegativeInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw new ConfigError(name, `must be a whole number from 0, got "${raw}"`);
  return Number(raw);
}
