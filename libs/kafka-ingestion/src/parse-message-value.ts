import type { FieldError } from '@ledger/events';

export type ParsedValue = { ok: true; value: unknown } | { ok: false; errors: FieldError[] };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A Kafka message value is one CloudEvent in structured mode: UTF-8 JSON text. */
export function parseMessageValue(value: Buffer | null): ParsedValue {
  if (value === null || value.length === 0) {
    return { ok: false, errors: [{ path: '', message: 'the message has no value; expected one CloudEvent as JSON' }] };
  }
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    return { ok: false, errors: [{ path: '', message: 'the message value is not valid UTF-8 text' }] };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, errors: [{ path: '', message: `the message value is not valid JSON: ${(error as Error).message}` }] };
  }
}
