import { parseStrictJson } from '@ledger/contracts';
import { type FieldError } from '@ledger/kernel';

export type ParsedValue = { ok: true; value: unknown } | { ok: false; errors: FieldError[] };

/**
 * A Kafka message value is one CloudEvent in structured mode: UTF-8 JSON text, read by the same
 * strict parser as HTTP bodies (parseStrictJson of @ledger/events): bytes that are not UTF-8, a
 * repeated key, nesting deeper than 64 levels or an unpaired surrogate make the message
 * `unparseable`, with the JSON path of the problem. A NUL character is judged by the event
 * contract, like on HTTP, and makes the event `rejected`.
 */
export function parseMessageValue(value: Buffer | null): ParsedValue {
  if (value === null || value.length === 0) {
    return { ok: false, errors: [{ path: '', message: 'the message has no value; expected one CloudEvent as JSON' }] };
  }
  return parseStrictJson(value, { subject: 'the message value' });
}
