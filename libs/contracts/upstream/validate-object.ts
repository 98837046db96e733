import { validateSync } from 'class-validator';
import type { FieldError } from '@ledger/kernel';
import { fieldsOf } from './field-rules';
import { keyStep } from '@ledger/kernel';
import { isJsonObject, jsonKindOf } from '@ledger/kernel';
import { toFieldErrors } from './validation-errors';

/**
 * Checks a JSON request body against a DTO built from the field rules: every problem with its path,
 * and unknown fields refused (a typo must not silently leave a default in force).
 */
export function validateObject<T extends object>(
  dto: new () => T,
  input: unknown,
): { ok: true; value: T } | { ok: false; errors: FieldError[] } {
  if (!isJsonObject(input)) return { ok: false, errors: [{ path: '', message: `must be a JSON object, not ${jsonKindOf(input)}` }] };
  const known = fieldsOf(dto);
  const unknown = Object.keys(input)
    .filter((key) => !known.includes(key))
    .map((key) => ({ path: keyStep(key), message: `is not a field of this request (known: ${known.join(', ')})` }));
  // Plain assignment, not class-transformer's plainToInstance: that one walks nested objects and
  // throws on a key named "constructor" ({"amount": {"constructor": 1}} answered 500).
  const instance = Object.assign(
    new dto(),
    Object.fromEntries(known.filter((name) => Object.hasOwn(input, name)).map((name) => [name, input[name]])),
  );
  const errors = [
    ...unknown,
    ...toFieldErrors(
      validateSync(instance, { stopAtFirstError: true, forbidUnknownValues: true, validationError: { target: false, value: true } }),
      '',
    ),
  ];
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: instance };
}
