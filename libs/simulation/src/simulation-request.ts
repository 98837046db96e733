import { parsePolicy, type AttributionPolicy } from '@ledger/attribution';
import { DEFAULT_PLAN, parsePlan, type CommissionPlan } from '@ledger/commission';
import { isJsonObject, isRfc3339DateTime, jsonKindOf, type FieldError } from '@ledger/events';

export interface SimulationRequest {
  /** null: the policies in force. */
  policy: AttributionPolicy | null;
  plan: CommissionPlan;
  from: string | null;
  to: string | null;
}

const FIELDS = ['policy', 'plan', 'from', 'to'];
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `{"policy"?, "plan"?, "from"?, "to"?}`: a missing policy or plan means the one in force. The candidate
 * governs conversions from `from` on, as if adopted effective then; a plain date is the start of that
 * UTC day for `from` and its end for `to`.
 */
export function parseSimulationRequest(body: unknown): { ok: true; value: SimulationRequest } | { ok: false; errors: FieldError[] } {
  if (body === undefined || body === null) body = {};
  if (!isJsonObject(body)) return { ok: false, errors: [{ path: '', message: `must be a JSON object such as {"policy": {...}}, not ${jsonKindOf(body)}` }] };
  const errors: FieldError[] = Object.keys(body)
    .filter((key) => !FIELDS.includes(key))
    .map((key) => ({ path: key, message: `is not a field of a simulation request (known: ${FIELDS.join(', ')})` }));
  let policy: AttributionPolicy | null = null;
  if (body.policy !== undefined) {
    const parsed = parsePolicy(body.policy);
    if (parsed.ok) policy = parsed.policy;
    else errors.push(...parsed.errors.map((e) => ({ path: e.path ? `policy.${e.path}` : 'policy', message: e.message })));
  }
  let plan: CommissionPlan = DEFAULT_PLAN;
  if (body.plan !== undefined) {
    const parsed = parsePlan(body.plan);
    if (parsed.ok) plan = parsed.plan;
    else errors.push(...parsed.errors.map((e) => ({ path: e.path ? `plan.${e.path}` : 'plan', message: e.message })));
  }
  const time = (name: 'from' | 'to'): string | null => {
    const value = body[name];
    if (value === undefined || value === null) return null;
    if (typeof value === 'string' && DATE_ONLY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
      return name === 'from' ? `${value}T00:00:00.000Z` : `${value}T23:59:59.999Z`;
    }
    if (!isRfc3339DateTime(value)) {
      errors.push({ path: name, message: 'must be a date such as "2026-01-01" or an ISO 8601 date-time with a zone such as "2026-01-01T00:00:00Z"' });
      return null;
    }
    return new Date(Date.parse(value)).toISOString();
  };
  const from = time('from');
  const to = time('to');
  if (from && to && from > to) errors.push({ path: 'to', message: 'must not be before from' });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { policy, plan, from, to } };
}
