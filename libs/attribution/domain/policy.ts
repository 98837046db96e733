import { ATTRIBUTION_MODELS, type AttributionModel, type AttributionPolicy, CHANNELS, type Channel } from '@ledger/contracts';
import { Dec, isDecimalString } from '@ledger/kernel';

export const DEFAULT_POLICY: Readonly<AttributionPolicy> = Object.freeze({
  version: 'default-v1',
  model: 'last_click',
  clickWindowDays: 30,
  protectionDays: 90,
  precedence: ['deal_registration', 'coupon', 'click'] as Channel[],
  positionBased: { first: '0.4', last: '0.4' },
  halfLifeDays: 7,
});

export interface PolicyError {
  /** JSON path inside the policy document, e.g. "positionBased.first" or "precedence[1]". */
  path: string;
  message: string;
}

export type ParsePolicyResult = { ok: true; policy: AttributionPolicy } | { ok: false; errors: PolicyError[] };

const KNOWN_FIELDS = new Set(['version', 'model', 'clickWindowDays', 'protectionDays', 'precedence', 'positionBased', 'halfLifeDays']);

/**
 * Validates a policy document supplied by an analyst or finance. `version` is required; every other
 * field falls back to default-v1. Unknown fields are refused so a typo ("clickWindow") cannot silently
 * leave the default in force.
 */
export function parsePolicy(json: unknown): ParsePolicyResult {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, errors: [{ path: '', message: 'must be a JSON object such as {"version": "my-policy-v2", "model": "linear"}' }] };
  }
  const input = json as Record<string, unknown>;
  const errors: PolicyError[] = [];
  for (const key of Object.keys(input)) {
    if (!KNOWN_FIELDS.has(key)) errors.push({ path: key, message: `is not a policy field (known: ${[...KNOWN_FIELDS].join(', ')})` });
  }

  const version = input.version;
  if (version === undefined) errors.push({ path: 'version', message: 'is required' });
  else if (typeof version !== 'string' || version.trim() === '') errors.push({ path: 'version', message: 'must be a non-empty string' });

  const model = input.model ?? DEFAULT_POLICY.model;
  if (!ATTRIBUTION_MODELS.includes(model as AttributionModel)) {
    errors.push({ path: 'model', message: `must be one of ${ATTRIBUTION_MODELS.join(', ')}` });
  }

  const clickWindowDays = input.clickWindowDays ?? DEFAULT_POLICY.clickWindowDays;
  checkWholeDays(clickWindowDays, 'clickWindowDays', 0, errors);
  const protectionDays = input.protectionDays ?? DEFAULT_POLICY.protectionDays;
  checkWholeDays(protectionDays, 'protectionDays', 1, errors);

  const precedence = input.precedence ?? DEFAULT_POLICY.precedence;
  if (!Array.isArray(precedence)) {
    errors.push({ path: 'precedence', message: `must be an array ordering some of ${CHANNELS.join(', ')}` });
  } else {
    const seen = new Set<unknown>();
    precedence.forEach((channel, index) => {
      if (!CHANNELS.includes(channel as Channel))
        errors.push({ path: `precedence[${index}]`, message: `must be one of ${CHANNELS.join(', ')}` });
      else if (seen.has(channel)) errors.push({ path: `precedence[${index}]`, message: `"${String(channel)}" is listed twice` });
      seen.add(channel);
    });
  }

  const positionBased = input.positionBased ?? DEFAULT_POLICY.positionBased;
  let first = DEFAULT_POLICY.positionBased.first;
  let last = DEFAULT_POLICY.positionBased.last;
  if (positionBased === null || typeof positionBased !== 'object' || Array.isArray(positionBased)) {
    errors.push({ path: 'positionBased', message: 'must be an object {"first": "0.4", "last": "0.4"}' });
  } else {
    const shares = positionBased as Record<string, unknown>;
    for (const key of Object.keys(shares)) {
      if (key !== 'first' && key !== 'last')
        errors.push({ path: `positionBased.${key}`, message: 'is not a positionBased field (only "first" and "last")' });
    }
    const firstOk = checkShare(shares.first, 'positionBased.first', errors);
    const lastOk = checkShare(shares.last, 'positionBased.last', errors);
    if (firstOk && lastOk) {
      first = shares.first as string;
      last = shares.last as string;
      if (new Dec(first).plus(last).greaterThan(1)) {
        errors.push({ path: 'positionBased', message: `first + last must be at most 1 (got ${new Dec(first).plus(last).toString()})` });
      }
    }
  }

  const halfLifeDays = input.halfLifeDays ?? DEFAULT_POLICY.halfLifeDays;
  if (typeof halfLifeDays !== 'number' || !Number.isFinite(halfLifeDays) || halfLifeDays <= 0) {
    errors.push({ path: 'halfLifeDays', message: 'must be a number of days greater than 0' });
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    policy: {
      version: version as string,
      model: model as AttributionModel,
      clickWindowDays: clickWindowDays as number,
      protectionDays: protectionDays as number,
      precedence: [...(precedence as Channel[])],
      positionBased: { first, last },
      halfLifeDays: halfLifeDays as number,
    },
  };
}

/**
 * At most ten years, as a deal's own protectionDays (MAX_PROTECTION_DAYS of the event contract):
 * an adopted protection of 2^53-1 days put a date no one can write into a rejection reason, and
 * the attribution projection skipped every conflicting registration from then on.
 */
const MAX_POLICY_DAYS = 3650;

function checkWholeDays(value: unknown, path: string, minimum: number, errors: PolicyError[]): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum || value > MAX_POLICY_DAYS) {
    errors.push({ path, message: `must be a whole number of days from ${minimum} to ${MAX_POLICY_DAYS}` });
  }
}

/** A share is a decimal string in [0, 1]; JSON numbers are refused like money amounts are. */
function checkShare(value: unknown, path: string, errors: PolicyError[]): boolean {
  if (value === undefined) {
    errors.push({ path, message: 'is required' });
    return false;
  }
  if (typeof value === 'number') {
    errors.push({ path, message: `must be a decimal string such as "${String(value)}", not a JSON number` });
    return false;
  }
  if (!isDecimalString(value)) {
    errors.push({ path, message: 'must be a decimal string between "0" and "1", e.g. "0.4"' });
    return false;
  }
  const share = new Dec(value);
  if (share.lessThan(0) || share.greaterThan(1)) {
    errors.push({ path, message: `must be between 0 and 1 (got "${value}")` });
    return false;
  }
  return true;
}
