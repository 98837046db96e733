import { loadIngestorConfig } from './ingestor-config';

describe('loadIngestorConfig: failure detection', () => {
  const kafka = { KAFKA_BROKERS: 'k1:9092', KAFKA_TOPICS: 'crm.events' };

  it('notices a dead instance within seconds by default and retries the brokers at most 5 s apart', () => {
    expect(loadIngestorConfig(kafka).kafka).toMatchObject({
      sessionTimeoutMillis: 10_000,
      heartbeatIntervalMillis: 1000,
      maxRetryTimeMillis: 5000,
    });
  });

  it('takes the session timeout, the heartbeat and the retry pause from the environment', () => {
    const config = loadIngestorConfig({
      ...kafka,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '500',
      KAFKA_MAX_RETRY_TIME_MS: '2000',
    });
    expect(config.kafka).toMatchObject({ sessionTimeoutMillis: 6000, heartbeatIntervalMillis: 500, maxRetryTimeMillis: 2000 });
    // The heartbeat follows a short session timeout when not given.
    expect(loadIngestorConfig({ ...kafka, KAFKA_SESSION_TIMEOUT_MS: '2400' }).kafka.heartbeatIntervalMillis).toBe(800);
  });

  it.each([
    [
      { KAFKA_HEARTBEAT_INTERVAL_MS: '4000' },
      /^KAFKA_HEARTBEAT_INTERVAL_MS: must be at most a third of KAFKA_SESSION_TIMEOUT_MS \(10000\), got 4000$/,
    ],
    [{ KAFKA_SESSION_TIMEOUT_MS: '0' }, /^KAFKA_SESSION_TIMEOUT_MS: must be a positive integer/],
    [{ KAFKA_MAX_RETRY_TIME_MS: 'soon' }, /^KAFKA_MAX_RETRY_TIME_MS: must be a positive integer/],
  ])('names the variable and the reason for %j', (env, message) => {
    expect(() => loadIngestorConfig({ ...kafka, ...env })).toThrow(message);
  });
});
