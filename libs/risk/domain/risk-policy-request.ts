import { riskPolicyProblems, type RiskPolicy } from '@ledger/contracts';
import { isJsonObject, jsonKindOf, type FieldError } from '@ledger/kernel';

export interface RiskPolicyRequest {
  policy: RiskPolicy;
  reason: string | null;
}

const FIELDS = ['policy', 'reason'];

/** Reads `{"policy", "reason"?}` for a risk policy adoption, naming every problem by its path. */
export function parseRiskPolicyRequest(body: unknown): { ok: true; value: RiskPolicyRequest } | { ok: false; errors: FieldError[] } {
  if (!isJsonObject(body))
    return { ok: false, errors: [{ path: '', message: `must be a JSON object such as {"policy": {...}}, not ${jsonKindOf(body)}` }] };
  const errors: FieldError[] = Object.keys(body)
    .filter((key) => !FIELDS.includes(key))
    .map((key) => ({ path: key, message: `is not a field of a risk policy adoption (known: ${FIELDS.join(', ')})` }));
  const { policy, reason } = body;
  if (policy === undefined) errors.push({ path: 'policy', message: 'is required' });
  else errors.push(...riskPolicyProblems(policy));
  if (reason !== undefined && reason !== null && (typeof reason !== 'string' || reason.length > 500))
    errors.push({ path: 'reason', message: 'must be a string of at most 500 characters' });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { policy: policy as RiskPolicy, reason: typeof reason === 'string' && reason.trim() !== '' ? reason : null } };
}
