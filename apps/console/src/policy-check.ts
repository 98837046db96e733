const MODELS = ['last_click', 'first_click', 'linear', 'position_based', 'time_decay'];
const POLICY_FIELDS = ['version', 'model', 'clickWindowDays', 'protectionDays', 'precedence', 'positionBased', 'halfLifeDays'];
const CHANNELS = ['deal_registration', 'coupon', 'click'];

type Check = { value: unknown; problems: Array<{ path: string; message: string }> };

/** The editor's checks as the analyst types: JSON syntax and the policy's known fields and values. */
export function checkJson(text: string, name: 'policy' | 'plan'): Check {
  if (text.trim() === '') return { value: undefined, problems: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      value: undefined,
      problems: [{ path: name, message: `is not valid JSON: ${error instanceof Error ? error.message : String(error)}` }],
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { value, problems: [{ path: name, message: 'must be a JSON object' }] };
  const problems: Check['problems'] = [];
  const object = value as Record<string, unknown>;
  if (typeof object.version !== 'string' || object.version.trim() === '')
    problems.push({ path: `${name}.version`, message: 'is required: a name for this version' });
  if (name === 'policy') {
    for (const key of Object.keys(object))
      if (!POLICY_FIELDS.includes(key))
        problems.push({ path: `policy.${key}`, message: `is not a policy field (known: ${POLICY_FIELDS.join(', ')})` });
    if (!MODELS.includes(object.model as string)) problems.push({ path: 'policy.model', message: `must be one of ${MODELS.join(', ')}` });
    for (const key of ['clickWindowDays', 'protectionDays', 'halfLifeDays'])
      if (object[key] !== undefined && !(typeof object[key] === 'number' && (object[key] as number) > 0))
        problems.push({ path: `policy.${key}`, message: 'must be a positive number of days' });
    if (
      object.precedence !== undefined &&
      !(Array.isArray(object.precedence) && object.precedence.every((c) => CHANNELS.includes(c as string)))
    )
      problems.push({ path: 'policy.precedence', message: `must be a list of channels among ${CHANNELS.join(', ')}` });
  }
  return { value, problems };
}
