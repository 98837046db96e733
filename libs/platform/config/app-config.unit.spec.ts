import { loadConfig } from './app-config';
import { deadLetterTopicFor, loadIngestorConfig } from './ingestor-config';

describe('loadConfig', () => {
  it('defaults to the embedded store on port 3000 under ./data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, eventStore: 'embedded', databaseUrl: undefined, maxBatchEvents: 1000 });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it.each([
    [{ EVENT_STORE: 'mongo' }, /^EVENT_STORE: must be embedded, postgres or eventstoredb, got "mongo"$/],
    [{ EVENT_STORE: 'postgres' }, /^DATABASE_URL: is required when EVENT_STORE=postgres$/],
    [{ EVENT_STORE: 'eventstoredb' }, /^EVENTSTORE_URL: is required/],
    [
      { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'localhost:2113' },
      /^EVENTSTORE_URL: must start with esdb:\/\/ or esdb\+discover:\/\//,
    ],
    [{ EVENTSTORE_NAMESPACE: 'a.b' }, /^EVENTSTORE_NAMESPACE: must be 1 to 64 letters, digits, "_" or "-", got "a\.b"$/],
    [{ PORT: 'eighty' }, /^PORT: must be a positive integer, got "eighty"$/],
    [{ PORT: '70000' }, /^PORT: must be at most 65535/],
    [{ MAX_BODY_BYTES: '-1' }, /^MAX_BODY_BYTES: must be a positive integer/],
    [{ API_KEYS: 'short-key:admin' }, /^API_KEYS: entry 1 has a key shorter than 16 characters/],
    [{ API_KEYS: 'a-long-enough-admin-key:admin,k7:partner:P-1' }, /^API_KEYS: entry 2 has a key shorter than 16 characters/],
    [{ API_KEYS: 'a-long-enough-admin-key:root' }, /^API_KEYS: entry 1 has an unknown role/],
    [{ CORS_ORIGINS: '*' }, /^CORS_ORIGINS: "\*" is not an origin/],
    [{ CORS_ORIGINS: 'https://console.example.com/' }, /^CORS_ORIGINS: "https:\/\/console.example.com\/" is not an origin/],
    [{ CORS_ORIGINS: 'console.example.com' }, /^CORS_ORIGINS: "console.example.com" is not an origin/],
    [{ AUTH_FAILURE_LIMIT: '0' }, /^AUTH_FAILURE_LIMIT: must be a positive integer/],
    [{ TRUST_PROXY_HOPS: '-1' }, /^TRUST_PROXY_HOPS: must be a whole number from 0/],
  ])('names the variable and the reason for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes a refused key', () => {
    expect(() => loadConfig({ API_KEYS: 'S3CRET:admin' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('S3CRET') }),
    );
  });

  it('reads the hardening settings, with defaults', () => {
    expect(loadConfig({})).toMatchObject({ corsOrigins: [], authFailureLimit: 20, authFailureWindowSeconds: 60, trustProxyHops: 0 });
    expect(
      loadConfig({
        API_KEYS: 'a-long-enough-admin-key:admin',
        CORS_ORIGINS: ' https://console.example.com, http://localhost:5173 ,https://console.example.com',
        AUTH_FAILURE_LIMIT: '5',
        AUTH_FAILURE_WINDOW_SECONDS: '30',
        TRUST_PROXY_HOPS: '1',
      }),
    ).toMatchObject({
      corsOrigins: ['https://console.example.com', 'http://localhost:5173'],
      authFailureLimit: 5,
      authFailureWindowSeconds: 30,
      trustProxyHops: 1,
    });
  });

  it('reads PostgreSQL settings', () => {
    expect(loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://db/ledger', PORT: '8080' })).toMatchObject({
      eventStore: 'postgres',
      databaseUrl: 'postgres://db/ledger',
      port: 8080,
    });
  });

  it('reads the projections a projector runs (all by default) and refuses an empty or repeated name', () => {
    expect(loadConfig({}).projections).toBeNull();
    expect(loadConfig({ PROJECTIONS: ' attribution, risk ' }).projections).toEqual(['attribution', 'risk']);
    expect(() => loadConfig({ PROJECTIONS: 'ledger,,reports' })).toThrow('PROJECTIONS: has an empty name in "ledger,,reports"');
    expect(() => loadConfig({ PROJECTIONS: 'ledger,ledger' })).toThrow('PROJECTIONS: names ledger twice');
  });

  it('reads how many state entities a projection keeps in memory (200,000 by default)', () => {
    expect(loadConfig({}).stateCacheEntities).toBe(200_000);
    expect(loadConfig({ STATE_CACHE_ENTITIES: '5000' }).stateCacheEntities).toBe(5000);
    expect(() => loadConfig({ STATE_CACHE_ENTITIES: 'lots' })).toThrow('STATE_CACHE_ENTITIES');
    expect(() => loadConfig({ STATE_CACHE_ENTITIES: '0' })).toThrow('STATE_CACHE_ENTITIES');
  });
});

describe('loadIngestorConfig', () => {
  const kafka = { KAFKA_BROKERS: 'k1:9092, k2:9092', KAFKA_TOPICS: 'crm.events,billing.events' };

  it('reads brokers, topics and defaults, plus the storage settings of the API', () => {
    const config = loadIngestorConfig({ ...kafka, EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://db/ledger' });
    expect(config).toMatchObject({
      eventStore: 'postgres',
      databaseUrl: 'postgres://db/ledger',
      ingestorPort: 3001,
      kafka: {
        brokers: ['k1:9092', 'k2:9092'],
        topics: ['crm.events', 'billing.events'],
        groupId: 'partner-ledger-ingestor',
        deadLetterTopic: undefined,
        fromBeginning: true,
        maxBatchEvents: 500,
        partitionsConcurrently: 4,
        ssl: false,
        sasl: undefined,
      },
    });
    expect(deadLetterTopicFor(config.kafka, 'crm.events')).toBe('crm.events.dlq');
    expect(deadLetterTopicFor(loadIngestorConfig({ ...kafka, KAFKA_DEAD_LETTER_TOPIC: 'ledger.dead' }).kafka, 'crm.events')).toBe(
      'ledger.dead',
    );
  });

  it('reads the group, the port and SASL credentials', () => {
    const config = loadIngestorConfig({
      ...kafka,
      KAFKA_GROUP_ID: 'ledger-eu',
      INGESTOR_PORT: '9100',
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'ledger',
      KAFKA_SASL_PASSWORD: 'secret',
    });
    expect(config).toMatchObject({
      ingestorPort: 9100,
      kafka: { groupId: 'ledger-eu', ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'ledger' } },
    });
  });

  it.each([
    [{ KAFKA_TOPICS: 'a' }, /^KAFKA_BROKERS: is required/],
    [{ KAFKA_BROKERS: 'k1:9092' }, /^KAFKA_TOPICS: is required/],
    [{ KAFKA_BROKERS: 'k1', KAFKA_TOPICS: 'a' }, /^KAFKA_BROKERS: "k1" is not host:port$/],
    [{ ...kafka, KAFKA_TOPICS: 'a,b c' }, /^KAFKA_TOPICS: "b c" is not a valid Kafka topic name/],
    [{ ...kafka, KAFKA_TOPICS: 'a,a.dlq' }, /^KAFKA_TOPICS: "a.dlq" is the dead-letter topic of "a"/],
    [{ ...kafka, KAFKA_DEAD_LETTER_TOPIC: 'crm.events' }, /^KAFKA_DEAD_LETTER_TOPIC: "crm.events" is also in KAFKA_TOPICS/],
    [{ ...kafka, KAFKA_FROM_BEGINNING: 'yes' }, /^KAFKA_FROM_BEGINNING: must be true or false, got "yes"$/],
    [{ ...kafka, KAFKA_MAX_BATCH_EVENTS: '0' }, /^KAFKA_MAX_BATCH_EVENTS: must be a positive integer/],
    [{ ...kafka, INGESTOR_PORT: '65536' }, /^INGESTOR_PORT: must be at most 65535/],
    [{ ...kafka, KAFKA_SASL_MECHANISM: 'kerberos' }, /^KAFKA_SASL_MECHANISM: must be plain, scram-sha-256, scram-sha-512/],
    [{ ...kafka, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' }, /^KAFKA_SASL_PASSWORD: is required/],
  ])('names the variable and the reason for %j', (env, message) => {
    expect(() => loadIngestorConfig(env)).toThrow(message);
  });
});

describe('loadConfig: notifications out', () => {
  it('refuses private webhook addresses and retries for 24 hours by default, with no Kafka topic', () => {
    expect(loadConfig({})).toMatchObject({
      webhookAllowPrivate: false,
      webhookRetryScheduleMillis: undefined,
      webhookRetryWindowMillis: undefined,
      webhookTimeoutMillis: 10_000,
      kafkaOutbound: undefined,
    });
  });

  it('reads WEBHOOK_ALLOW_PRIVATE, the retry schedule and window, and the outbound topic', () => {
    expect(
      loadConfig({
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_RETRY_SCHEDULE: '200ms, 1s,2m,1h',
        WEBHOOK_RETRY_WINDOW: '2d',
        WEBHOOK_TIMEOUT_MS: '1500',
        KAFKA_BROKERS: 'localhost:9092,kafka-2:9092',
        KAFKA_OUTBOUND_TOPIC: 'ledger.notifications',
      }),
    ).toMatchObject({
      webhookAllowPrivate: true,
      webhookRetryScheduleMillis: [200, 1000, 120_000, 3_600_000],
      webhookRetryWindowMillis: 172_800_000,
      webhookTimeoutMillis: 1500,
      kafkaOutbound: {
        brokers: ['localhost:9092', 'kafka-2:9092'],
        topic: 'ledger.notifications',
        clientId: 'partner-ledger-notifications',
      },
    });
  });

  it.each([
    [{ WEBHOOK_ALLOW_PRIVATE: 'yes' }, /^WEBHOOK_ALLOW_PRIVATE: must be true or false, got "yes"$/],
    [{ WEBHOOK_RETRY_SCHEDULE: '5s,soon' }, /^WEBHOOK_RETRY_SCHEDULE: "soon" is not a duration/],
    [{ WEBHOOK_RETRY_SCHEDULE: '0s' }, /^WEBHOOK_RETRY_SCHEDULE: "0s" is not a duration/],
    [{ WEBHOOK_RETRY_WINDOW: 'forever' }, /^WEBHOOK_RETRY_WINDOW: "forever" is not a duration/],
    [{ KAFKA_OUTBOUND_TOPIC: 'ledger.notifications' }, /^KAFKA_BROKERS: is required with KAFKA_OUTBOUND_TOPIC/],
    [
      { KAFKA_OUTBOUND_TOPIC: 'bad topic', KAFKA_BROKERS: 'localhost:9092' },
      /^KAFKA_OUTBOUND_TOPIC: "bad topic" is not a valid Kafka topic name/,
    ],
    [{ KAFKA_OUTBOUND_TOPIC: 'out', KAFKA_BROKERS: 'localhost' }, /^KAFKA_BROKERS: "localhost" is not host:port$/],
  ])('names the variable and the reason for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
