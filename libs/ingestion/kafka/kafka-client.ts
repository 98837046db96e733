import { Kafka, logLevel, type LogEntry, type SASLOptions } from 'kafkajs';
import type { KafkaConfig } from '@ledger/platform/config';
import type { IngestorLogger } from './ingestor-logger';

/** A kafkajs client for the configured cluster whose own log lines go to the ingestor's logger. */
export function createKafkaClient(config: KafkaConfig, logger: IngestorLogger): Kafka {
  return new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    ssl: config.ssl,
    sasl: config.sasl as SASLOptions | undefined,
    logLevel: logLevel.WARN,
    // Producer and admin calls: a broker back from a restart is tried again within maxRetryTime.
    retry: { initialRetryTime: 300, maxRetryTime: config.maxRetryTimeMillis, retries: 8 },
    logCreator: () => (entry) => forward(logger, entry),
  });
}

function forward(logger: IngestorLogger, { namespace, level, log }: LogEntry): void {
  const { message, timestamp: _timestamp, ...fields } = log;
  const line = { component: 'kafkajs', namespace, ...fields };
  if (level === logLevel.ERROR) logger.error(line, message);
  else if (level === logLevel.WARN) logger.warn(line, message);
  else if (level === logLevel.INFO) logger.info(line, message);
  else logger.debug(line, message);
}
