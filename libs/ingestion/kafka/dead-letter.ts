import type { IHeaders, Message } from 'kafkajs';
import type { FieldError } from '@ledger/kernel';
import type { DeadLetterStatus } from './message-verdict';
import type { SourceMessage } from './source-message';

/** Headers a dead letter carries on top of the original message's own headers. */
export const DEAD_LETTER_HEADERS = {
  /** JSON list of {path, message}: every reason the message was not stored. */
  errors: 'ledger.dlq.errors',
  /** unparseable | rejected | conflict | unstorable */
  status: 'ledger.dlq.status',
  topic: 'ledger.dlq.topic',
  partition: 'ledger.dlq.partition',
  offset: 'ledger.dlq.offset',
  /** The original message's timestamp (ms since the epoch, as Kafka gave it). */
  timestamp: 'ledger.dlq.timestamp',
  group: 'ledger.dlq.group',
} as const;

/**
 * The dead letter for one message: the original key and bytes unchanged (so it can be fixed and
 * replayed as is), the original headers, and where it came from and why it was refused.
 */
export function deadLetterMessage(
  source: SourceMessage,
  status: DeadLetterStatus,
  errors: readonly FieldError[],
  groupId: string,
): Message {
  const headers: IHeaders = { ...(source.headers ?? {}) };
  headers[DEAD_LETTER_HEADERS.errors] = JSON.stringify(errors.map(({ path, message }) => ({ path, message })));
  headers[DEAD_LETTER_HEADERS.status] = status;
  headers[DEAD_LETTER_HEADERS.topic] = source.topic;
  headers[DEAD_LETTER_HEADERS.partition] = String(source.partition);
  headers[DEAD_LETTER_HEADERS.offset] = source.offset;
  headers[DEAD_LETTER_HEADERS.timestamp] = source.timestamp;
  headers[DEAD_LETTER_HEADERS.group] = groupId;
  return { key: source.key, value: source.value, headers };
}
