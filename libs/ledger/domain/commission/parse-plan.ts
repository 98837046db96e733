import { CONVERSION_TYPES } from '@ledger/contracts';
import { PARTNER_TYPES } from '@ledger/contracts';
import { type FieldError } from '@ledger/kernel';
import { Dec, isDecimalString, moneyProblems } from '@ledger/kernel';
import { DEFAULT_PLAN, type CommissionPlan, type RateRule } from './commission-plan';
import { TIERS } from '@ledger/contracts';

export type ParsePlanResult = { ok: true; plan: CommissionPlan } | { ok: false; errors: FieldError[] };

const PLAN_FIELDS = new Set(['version', 'holdDays', 'recurringMonths', 'rates']);
const RULE_FIELDS = new Set(['tier', 'partnerType', 'conversionType', 'rate', 'flat']);

/**
 * Validates a plan document. `version` and `rates` are required; `holdDays` and `recurringMonths`
 * fall back to default-v1. Unknown fields are refused so a typo cannot leave a default in force.
 */
export function parsePlan(json: unknown): ParsePlanResult {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return {
      ok: false,
      errors: [{ path: '', message: 'must be a JSON object such as {"version": "plan-v2", "rates": [{"rate": "0.2"}]}' }],
    };
  }
  const input = json as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of Object.keys(input)) {
    if (!PLAN_FIELDS.has(key)) errors.push({ path: key, message: `is not a plan field (known: ${[...PLAN_FIELDS].join(', ')})` });
  }
  if (input.version === undefined) errors.push({ path: 'version', message: 'is required' });
  else if (typeof input.version !== 'string' || input.version.trim() === '')
    errors.push({ path: 'version', message: 'must be a non-empty string' });
  const holdDays = input.holdDays ?? DEFAULT_PLAN.holdDays;
  checkWholeNumber(holdDays, 'holdDays', 'days', 3650, errors);
  const recurringMonths = input.recurringMonths ?? DEFAULT_PLAN.recurringMonths;
  checkWholeNumber(recurringMonths, 'recurringMonths', 'months', 1200, errors);

  const rates: RateRule[] = [];
  if (!Array.isArray(input.rates) || input.rates.length === 0) {
    errors.push({ path: 'rates', message: 'must be a non-empty array of rules such as {"tier": "gold", "rate": "0.30"}' });
  } else {
    input.rates.forEach((rule, index) => {
      const parsed = parseRule(rule, `rates[${index}]`, errors);
      if (parsed) rates.push(parsed);
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    plan: { version: input.version as string, holdDays: holdDays as number, recurringMonths: recurringMonths as number, rates },
  };
}

function parseRule(value: unknown, path: string, errors: FieldError[]): RateRule | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    errors.push({ path, message: 'must be an object such as {"tier": "gold", "rate": "0.30"}' });
    return undefined;
  }
  const input = value as Record<string, unknown>;
  const before = errors.length;
  for (const key of Object.keys(input)) {
    if (!RULE_FIELDS.has(key))
      errors.push({ path: `${path}.${key}`, message: `is not a rate rule field (known: ${[...RULE_FIELDS].join(', ')})` });
  }
  checkOneOf(input.tier, TIERS, `${path}.tier`, errors);
  checkOneOf(input.partnerType, PARTNER_TYPES, `${path}.partnerType`, errors);
  checkOneOf(input.conversionType, CONVERSION_TYPES, `${path}.conversionType`, errors);
  if (input.rate === undefined && input.flat === undefined) errors.push({ path, message: 'must name a "rate", a "flat" amount or both' });
  if (input.rate !== undefined) {
    if (typeof input.rate === 'number')
      errors.push({ path: `${path}.rate`, message: `must be a decimal string such as "${String(input.rate)}", not a JSON number` });
    else if (!isDecimalString(input.rate) || new Dec(input.rate).lessThan(0) || new Dec(input.rate).greaterThan(1)) {
      errors.push({ path: `${path}.rate`, message: 'must be a decimal string between "0" and "1", e.g. "0.25"' });
    }
  }
  if (input.flat !== undefined) {
    if (input.flat === null || typeof input.flat !== 'object' || Array.isArray(input.flat)) {
      errors.push({ path: `${path}.flat`, message: 'must be an object of amounts by currency, e.g. {"USD": "100.00"}' });
    } else {
      for (const [currency, amount] of Object.entries(input.flat)) {
        for (const problem of moneyProblems({ amount, currency })) {
          errors.push({ path: `${path}.flat.${currency}`, message: `${problem.path} ${problem.message}`.trim() });
        }
      }
    }
  }
  if (errors.length > before) return undefined;
  const rule: RateRule = {};
  if (input.tier !== undefined) rule.tier = input.tier as RateRule['tier'];
  if (input.partnerType !== undefined) rule.partnerType = input.partnerType as RateRule['partnerType'];
  if (input.conversionType !== undefined) rule.conversionType = input.conversionType as RateRule['conversionType'];
  if (input.rate !== undefined) rule.rate = input.rate as string;
  if (input.flat !== undefined) rule.flat = { ...(input.flat as Record<string, string>) };
  return rule;
}

function checkOneOf(value: unknown, allowed: readonly string[], path: string, errors: FieldError[]): void {
  if (value !== undefined && !allowed.includes(value as string)) errors.push({ path, message: `must be one of ${allowed.join(', ')}` });
}

/**
 * Bounded (ten years of hold, a hundred of recurring commission): a plan with 2^53-1 months made
 * every simulation fail ("Invalid time value") once a date was computed from it.
 */
function checkWholeNumber(value: unknown, path: string, unit: string, maximum: number, errors: FieldError[]): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > maximum) {
    errors.push({ path, message: `must be a whole number of ${unit} from 0 to ${maximum}` });
  }
}
