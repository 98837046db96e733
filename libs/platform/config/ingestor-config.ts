import { ConfigError, loadConfig, positiveInteger, type AppConfig } from './app-config';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** The Kafka side of the ingestor (SPEC §6). */
export interface KafkaConfig {
  brokers: string[];
  topics: string[];
  groupId: string;
  clientId: string;
  /** One dead-letter topic for every source topic; undefined = `<source topic>.dlq` per source topic. */
  deadLetterTopic?: string;
  /** Where a group without committed offsets starts: the earliest message (true) or new ones only. */
  fromBeginning: boolean;
  /** Most events appended to the store in one transaction; a larger Kafka batch is split. */
  maxBatchEvents: number;
  /** Partitions whose batches are processed at the same time (each partition stays in order). */
  partitionsConcurrently: number;
  /** How long the group waits for a silent member (a killed instance) before giving its partitions to the others. */
  sessionTimeoutMillis: number;
  /** How often a member tells the group it is alive; well under the session timeout. */
  heartbeatIntervalMillis: number;
  /** Longest pause between two attempts to reach the brokers again (kafkajs retries with a growing pause up to this). */
  maxRetryTimeMillis: number;
  ssl: boolean;
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
}

/** Everything the ingestor app reads from the environment: the storage settings of the API plus Kafka. */
export interface IngestorConfig extends AppConfig {
  /** Port of the ingestor's /health endpoint. */
  ingestorPort: number;
  kafka: KafkaConfig;
}

const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
const SASL_MECHANISMS: SaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];

/** Suffix of the default dead-letter topic of each source topic. */
export const DEAD_LETTER_SUFFIX = '.dlq';

export function deadLetterTopicFor(kafka: Pick<KafkaConfig, 'deadLetterTopic'>, sourceTopic: string): string {
  return kafka.deadLetterTopic ?? `${sourceTopic}${DEAD_LETTER_SUFFIX}`;
}

export function loadIngestorConfig(env: NodeJS.ProcessEnv = process.env): IngestorConfig {
  const base = loadConfig(env);
  const ingestorPort = positiveInteger(env, 'INGESTOR_PORT', 3001);
  if (ingestorPort > 65535) throw new ConfigError('INGESTOR_PORT', `must be at most 65535, got ${ingestorPort}`);
  if (base.metricsPort === ingestorPort) {
    throw new ConfigError('METRICS_PORT', `must differ from INGESTOR_PORT (${ingestorPort}): it moves /metrics off the health port`);
  }
  return { ...base, ingestorPort, kafka: loadKafkaConfig(env) };
}

function loadKafkaConfig(env: NodeJS.ProcessEnv): KafkaConfig {
  const brokers = list(env, 'KAFKA_BROKERS');
  for (const broker of brokers) {
    const port = /^[^\s:/]+:(\d{1,5})$/.exec(broker)?.[1];
    if (!port || Number(port) < 1 || Number(port) > 65535) throw new ConfigError('KAFKA_BROKERS', `"${broker}" is not host:port`);
  }
  const topics = list(env, 'KAFKA_TOPICS');
  for (const topic of topics) checkTopic('KAFKA_TOPICS', topic);
  const deadLetterTopic = env.KAFKA_DEAD_LETTER_TOPIC || undefined;
  if (deadLetterTopic) {
    checkTopic('KAFKA_DEAD_LETTER_TOPIC', deadLetterTopic);
    if (topics.includes(deadLetterTopic)) {
      throw new ConfigError(
        'KAFKA_DEAD_LETTER_TOPIC',
        `"${deadLetterTopic}" is also in KAFKA_TOPICS; the ingestor would consume its own dead letters`,
      );
    }
  } else {
    const loop = topics.find((topic) => topics.includes(`${topic}${DEAD_LETTER_SUFFIX}`));
    if (loop) {
      throw new ConfigError(
        'KAFKA_TOPICS',
        `"${loop}${DEAD_LETTER_SUFFIX}" is the dead-letter topic of "${loop}"; the ingestor would consume its own dead letters`,
      );
    }
  }
  return {
    brokers,
    topics,
    groupId: env.KAFKA_GROUP_ID || 'partner-ledger-ingestor',
    clientId: env.KAFKA_CLIENT_ID || 'partner-ledger-ingestor',
    deadLetterTopic,
    fromBeginning: flag(env, 'KAFKA_FROM_BEGINNING', true),
    maxBatchEvents: positiveInteger(env, 'KAFKA_MAX_BATCH_EVENTS', 500),
    // While one partition's chunk waits for the store, another's is parsed and validated.
    partitionsConcurrently: positiveInteger(env, 'KAFKA_PARTITIONS_CONCURRENTLY', 4),
    ...liveness(env),
    ssl: flag(env, 'KAFKA_SSL', false),
    sasl: sasl(env),
  };
}

/**
 * Failure detection. A killed instance's partitions move once the broker has not heard from it
 * for the session timeout: 10 s by default (Kafka's own default is 45 s, kafkajs's 30 s), so
 * a crash costs seconds of lag. Brokers refuse session timeouts outside their
 * group.min/max.session.timeout.ms (6 s to 30 min by default).
 */
function liveness(env: NodeJS.ProcessEnv): Pick<KafkaConfig, 'sessionTimeoutMillis' | 'heartbeatIntervalMillis' | 'maxRetryTimeMillis'> {
  const sessionTimeoutMillis = positiveInteger(env, 'KAFKA_SESSION_TIMEOUT_MS', 10_000);
  const heartbeatIntervalMillis = positiveInteger(
    env,
    'KAFKA_HEARTBEAT_INTERVAL_MS',
    Math.min(1000, Math.floor(sessionTimeoutMillis / 3)) || 1,
  );
  if (heartbeatIntervalMillis * 3 > sessionTimeoutMillis) {
    throw new ConfigError(
      'KAFKA_HEARTBEAT_INTERVAL_MS',
      `must be at most a third of KAFKA_SESSION_TIMEOUT_MS (${sessionTimeoutMillis}), got ${heartbeatIntervalMillis}`,
    );
  }
  const maxRetryTimeMillis = positiveInteger(env, 'KAFKA_MAX_RETRY_TIME_MS', 5000);
  return { sessionTimeoutMillis, heartbeatIntervalMillis, maxRetryTimeMillis };
}

function list(env: NodeJS.ProcessEnv, name: string): string[] {
  const items = (env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) throw new ConfigError(name, 'is required (a comma-separated list)');
  return [...new Set(items)];
}

function checkTopic(name: string, topic: string): void {
  if (!TOPIC.test(topic) || topic === '.' || topic === '..') {
    throw new ConfigError(name, `"${topic}" is not a valid Kafka topic name (letters, digits, ".", "_", "-"; at most 249 characters)`);
  }
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(name, `must be true or false, got "${raw}"`);
  return raw === 'true';
}

function sasl(env: NodeJS.ProcessEnv): KafkaConfig['sasl'] {
  const mechanism = env.KAFKA_SASL_MECHANISM;
  if (!mechanism) return undefined;
  if (!SASL_MECHANISMS.includes(mechanism as SaslMechanism)) {
    throw new ConfigError('KAFKA_SASL_MECHANISM', `must be ${SASL_MECHANISMS.join(', ')}, got "${mechanism}"`);
  }
  const username = env.KAFKA_SASL_USERNAME;
  const password = env.KAFKA_SASL_PASSWORD;
  if (!username) throw new ConfigError('KAFKA_SASL_USERNAME', `is required when KAFKA_SASL_MECHANISM is set`);
  if (!password) throw new ConfigError('KAFKA_SASL_PASSWORD', `is required when KAFKA_SASL_MECHANISM is set`);
  return { mechanism: mechanism as SaslMechanism, username, password };
}
