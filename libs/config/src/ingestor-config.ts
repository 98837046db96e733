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
  /** How long the group waits for a silent member before giving its partitions to the others. */
  sessionTimeoutMillis: number;
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
      throw new ConfigError('KAFKA_DEAD_LETTER_TOPIC', `"${deadLetterTopic}" is also in KAFKA_TOPICS; the ingestor would consume its own dead letters`);
    }
  } else {
    const loop = topics.find((topic) => topics.includes(`${topic}${DEAD_LETTER_SUFFIX}`));
    if (loop) {
      throw new ConfigError('KAFKA_TOPICS', `"${loop}${DEAD_LETTER_SUFFIX}" is the dead-letter topic of "${loop}"; the ingestor would consume its own dead letters`);
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
    sessionTimeoutMillis: positiveInteger(env, 'KAFKA_SESSION_TIMEOUT_MS', 30_000),
    ssl: flag(env, 'KAFKA_SSL', false),
    sasl: sasl(env),
  };
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
