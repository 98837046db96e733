import type { FieldError } from '@ledger/kernel';

/**
 * What became of one Kafka message. `accepted` and `duplicate` are stored (once); the other
 * statuses go to the dead-letter topic:
 * - `unparseable`: the value is missing or not strict JSON (not UTF-8, not JSON, a repeated key,
 *   nesting deeper than 64 levels; see parse-message-value.ts);
 * - `rejected`: JSON that breaks the event contract (same rules as POST /v1/events);
 * - `conflict`: the (source, id) is stored with other content; the first one stands;
 * - `unstorable`: valid, but the event store refused it while it accepted other appends.
 */
export type MessageVerdict =
  | { status: 'accepted' | 'duplicate'; id: string; source: string; position: number }
  | { status: DeadLetterStatus; errors: FieldError[]; id?: string; source?: string };

export type DeadLetterStatus = 'unparseable' | 'rejected' | 'conflict' | 'unstorable';

export const isDeadLetter = (verdict: MessageVerdict): verdict is Extract<MessageVerdict, { errors: FieldError[] }> =>
  verdict.status !== 'accepted' && verdict.status !== 'duplicate';
