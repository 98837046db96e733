import { isJsonObject, jsonKindOf, parseInstant } from '@ledger/kernel';
import { type FieldError } from '@ledger/kernel';
import { parsePolicy } from './policy';
import { type AttributionPolicy } from '@ledger/contracts';

export interface AdoptionRequest {
  policy: AttributionPolicy;
  effectiveFrom: string;
  reason: string | null;
}

const FIELDS = ['policy', 'effectiveFrom', 'reason'];

/**
 * `{"policy": {...}, "effectiveFrom": "2026-03-01", "reason"?}`. A plain date means the start of that
 * UTC day. The effective date may be in the past (conversions from then on are re-attributed) or in
 * the future (conversions from then on will be attributed under the policy).
 */
export function parseAdoptionRequest(body: unknown): { ok: true; value: AdoptionRequest } | { ok: false; errors: FieldError[] } {
  if (!isJsonObject(body)) {
    return {
      ok: false,
      errors: [
        { path: '', message: `must be a JSON object such as {"policy": {...}, "effectiveFrom": "2026-03-01"}, not ${jsonKindOf(body)}` },
      ],
    };
  }
  const errors: FieldError[] = Object.keys(body)
    .filter((key) => !FIELDS.includes(key))
    .map((key) => ({ path: key, message: `is not a field of a policy adoption (known: ${FIELDS.join(', ')})` }));
  let policy: AttributionPolicy | null = null;
  if (body.policy === undefined) errors.push({ path: 'policy', message: 'is required: the policy document to adopt' });
  else {
    const parsed = parsePolicy(body.policy);
    if (parsed.ok) policy = parsed.policy;
    else errors.push(...parsed.errors.map((e) => ({ path: e.path ? `policy.${e.path}` : 'policy', message: e.message })));
  }
  let effectiveFrom: string | null = null;
  const date = body.effectiveFrom;
  if (date === undefined || date === null)
    errors.push({ path: 'effectiveFrom', message: 'is required: conversions from this date on follow the policy' });
  else {
    // The shared reader refuses impossible dates ("2025-02-30"), which Date.parse rolled over.
    const parsed = parseInstant(date, { plainDate: 'start' });
    if (parsed.ok) effectiveFrom = parsed.instant;
    else errors.push({ path: 'effectiveFrom', message: parsed.message });
  }
  const reason = body.reason ?? null;
  if (reason !== null && (typeof reason !== 'string' || reason.trim() === '' || reason.length > 500)) {
    errors.push({ path: 'reason', message: 'must be a non-empty string of at most 500 characters' });
  }
  if (errors.length > 0 || !policy || !effectiveFrom) return { ok: false, errors };
  return { ok: true, value: { policy, effectiveFrom, reason: reason as string | null } };
}
