import type { IHeaders } from 'kafkajs';

/** One consumed Kafka record and where it came from: all a verdict or a dead letter needs. */
export interface SourceMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
  timestamp: string;
}
