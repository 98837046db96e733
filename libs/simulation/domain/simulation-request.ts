import { parsePolicy } from '@ledger/attribution/domain';
import { riskPolicyProblems, type AttributionPolicy, type RiskPolicy } from '@ledger/contracts';
import { DEFAULT_PLAN, parsePlan, type CommissionPlan } from '@ledger/ledger/domain';
import { isJsonObject, jsonKindOf, parseInstant } from '@ledger/kernel';
import { type FieldError } from '@ledger/kernel';

export interface SimulationRequest {
  /** null: the policies in force. */
  policy: AttributionPolicy | null;
  plan: CommissionPlan;
  from: string | null;
  to: string | null;
  /** Simulate retracting this adoption (instead of adopting `policy`). */
  retract: string | null;
  /** A candidate risk policy to screen the period with (SPEC §9), or null. */
  riskPolicy: RiskPolicy | null;
}

const FIELDS = ['policy', 'plan', 'from', 'to', 'retract', 'riskPolicy'];

/**
 * `{"policy"?, "plan"?, "from"?, "to"?, "riskPolicy"?}`: a missing policy or plan means the one in force. The candidate
 * governs conversions from `from` on, as if adopted effective then; a plain date is the start of that
 * UTC day for `from` and its end for `to`.
 */
export function parseSimulationRequest(body: unknown): { ok: true; value: SimulationRequest } | { ok: false; errors: FieldError[] } {
  if (body === undefined || body === null) body = {};
  if (!isJsonObject(body))
    return { ok: false, errors: [{ path: '', message: `must be a JSON object such as {"policy": {...}}, not ${jsonKindOf(body)}` }] };
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
    const parsed = parseInstant(value, { plainDate: name === 'from' ? 'start' : 'end' });
    if (parsed.ok) return parsed.instant;
    errors.push({ path: name, message: parsed.message });
    return null;
  };
  const from = time('from');
  const to = time('to');
  if (from && to && from > to) errors.push({ path: 'to', message: 'must not be before from' });
  let retract: string | null = null;
  if (body.retract !== undefined && body.retract !== null) {
    if (typeof body.retract !== 'string' || body.retract === '')
      errors.push({ path: 'retract', message: 'must be the id of an adoption, such as "policy-adoption-1"' });
    else if (policy) errors.push({ path: 'retract', message: 'simulates taking an adoption back: send it without a policy' });
    else if (from) errors.push({ path: 'from', message: "a retraction applies from the adoption's own effective date: leave from out" });
    else retract = body.retract;
  }
  let riskPolicy: RiskPolicy | null = null;
  if (body.riskPolicy !== undefined && body.riskPolicy !== null) {
    const problems = riskPolicyProblems(body.riskPolicy, 'riskPolicy');
    if (problems.length > 0) errors.push(...problems);
    else riskPolicy = body.riskPolicy as RiskPolicy;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { policy, plan, from, to, retract, riskPolicy } };
}
