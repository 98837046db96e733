/* FROZEN for the differential test: see field-rules.ts of this folder. */
import type { ValidationError } from 'class-validator';
import type { FieldError } from '@ledger/kernel';
import { NESTED_CHECK, type NestedCheck } from './field-rules';
import { joinPath, keyStep } from '@ledger/kernel';

/**
 * Turns class-validator's tree of errors into flat FieldErrors with full JSON paths.
 * A nested check (money, utm) is run again on the value to report each problem at its own
 * sub-path ("data.amount.currency") instead of one vague error on "data.amount".
 */
export function toFieldErrors(errors: readonly ValidationError[], basePath: string): FieldError[] {
  return errors.flatMap((error) => {
    const path = joinPath(basePath, keyStep(error.property));
    const own = Object.entries(error.constraints ?? {}).flatMap(([constraint, message]) => {
      const check = (error.contexts?.[constraint] as { check?: NestedCheck } | undefined)?.check;
      if (constraint !== NESTED_CHECK || !check) return [{ path, message }];
      return check(error.value).map((problem) => ({ path: joinPath(path, problem.path), message: problem.message }));
    });
    return [...own, ...toFieldErrors(error.children ?? [], path)];
  });
}
