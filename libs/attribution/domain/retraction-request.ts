import { isJsonObject, jsonKindOf } from '@ledger/kernel';
import { type FieldError } from '@ledger/kernel';

/** `{"reason": "..."}`: why finance takes an adoption back; kept on the retraction for the audit trail. */
export function parseRetractionRequest(body: unknown): { ok: true; value: { reason: string } } | { ok: false; errors: FieldError[] } {
  if (!isJsonObject(body))
    return { ok: false, errors: [{ path: '', message: `must be a JSON object such as {"reason": "..."}, not ${jsonKindOf(body)}` }] };
  const errors: FieldError[] = Object.keys(body)
    .filter((key) => key !== 'reason')
    .map((key) => ({ path: key, message: 'is not a field of a policy retraction (known: reason)' }));
  const { reason } = body;
  if (reason === undefined || reason === null) errors.push({ path: 'reason', message: 'is required: say why the adoption is taken back' });
  else if (typeof reason !== 'string' || reason.trim() === '' || reason.length > 500)
    errors.push({ path: 'reason', message: 'must be a non-empty string of at most 500 characters' });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { reason: reason as string } };
}
