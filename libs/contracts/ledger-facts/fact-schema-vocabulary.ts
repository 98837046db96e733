import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { integerDigits, isDecimalString, moneyProblems, type ParseMoneyOptions } from '@ledger/kernel';
import { joinPath, keyStep, parseInstant } from '@ledger/kernel';
import { type FieldError } from '@ledger/kernel';

/*
 * The vocabulary the ledger's own facts are described in (JSON Schema, compiled once by ajv): the
 * formats and the `money` keyword carry the same rules as upstream input (calendar-exact instants,
 * 15 integer digits, the currency's minor digits), so a fact the ledger records can always be read
 * back by every projection.
 */

export const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, allowMatchingProperties: true });

ajv.addFormat('instant', { type: 'string', validate: (value: string) => parseInstant(value).ok });
ajv.addFormat('decimal', { type: 'string', validate: (value: string) => isDecimalString(value) && integerDigits(value) <= 15 });
ajv.addFormat('weight', { type: 'string', validate: (value: string) => /^(0(\.\d{1,10})?|1)$/.test(value) });
// An exact share: "n/d" in lowest terms is not required, only that it reads as a fraction (or a decimal).
// No cap on the digits: a time_decay share is a quotient of 40-digit powers of 2 at any scale, so
// it runs to 80 digits and more; capped at 40, every decision under an adopted time_decay policy
// was refused and skipped by the attribution projection.
ajv.addFormat('rational', { type: 'string', validate: (value: string) => /^\d+(\/[1-9]\d*)?$/.test(value) || isDecimalString(value) });

ajv.addKeyword({
  keyword: 'money',
  type: 'object',
  schemaType: 'object',
  errors: true,
  validate: function checkMoney(
    this: unknown,
    options: ParseMoneyOptions,
    value: unknown,
    _schema?: unknown,
    context?: { instancePath: string },
  ) {
    const problems = moneyProblems(value, options);
    const self = checkMoney as unknown as { errors?: Partial<ErrorObject>[] };
    self.errors = problems.map((problem) => ({
      keyword: 'money',
      instancePath: `${context?.instancePath ?? ''}${problem.path ? `/${problem.path}` : ''}`,
      message: problem.message,
      params: {},
    }));
    return problems.length === 0;
  },
});

const TEXT = { type: 'string', minLength: 1, maxLength: 1024 } as const;
export const schemas = {
  text: TEXT,
  /** Free text: reasons, descriptions. */
  prose: { type: 'string', maxLength: 4096 },
  instant: { type: 'string', format: 'instant' },
  decimal: { type: 'string', format: 'decimal' },
  position: { type: 'integer', minimum: 0 },
  count: { type: 'integer', minimum: 0 },
  /** A positive amount. */
  money: { type: 'object', money: { allowZero: false } },
  /** A positive amount the ledger computed (a payout of a balance): sums may pass input's 15 digits. */
  computedMoney: { type: 'object', money: { allowZero: false, maxIntegerDigits: 30 } },
  /** A signed, non-zero amount (adjustments). */
  signedMoney: { type: 'object', money: { allowNegative: true, allowZero: false } },
  actor: { type: 'object', additionalProperties: false, required: ['keyId', 'role'], properties: { keyId: TEXT, role: TEXT } },
} as const;

/** A closed object: every listed property, `optional` ones may be left out, nothing else. */
export function record(properties: Record<string, object>, optional: string[] = []): object {
  return {
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    properties,
  };
}

export function nullable(schema: object): object {
  return { anyOf: [schema, { type: 'null' }] };
}

export function oneOf(values: readonly string[]): object {
  return { type: 'string', enum: [...values] };
}

/** ajv's JSON Pointer paths ("/data/credits/0/revenue") in the project's notation ("data.credits[0].revenue"). */
export function toFieldErrors(errors: readonly ErrorObject[] | null | undefined, base = ''): FieldError[] {
  return (errors ?? []).map((error) => {
    const steps = error.instancePath
      .split('/')
      .slice(1)
      .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'));
    let path = base;
    for (const step of steps) path = joinPath(path, keyStep(/^\d+$/.test(step) ? Number(step) : step));
    const extra = error.keyword === 'additionalProperties' ? (error.params as { additionalProperty: string }).additionalProperty : null;
    if (extra !== null) return { path: joinPath(path, keyStep(extra)), message: 'is not a field of this fact' };
    if (error.keyword === 'required')
      return { path: joinPath(path, keyStep((error.params as { missingProperty: string }).missingProperty)), message: 'is required' };
    return { path, message: error.message ?? 'is invalid' };
  });
}

export type Validator = ValidateFunction;
