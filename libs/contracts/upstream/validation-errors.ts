import type { ValidationError } from 'class-validator';
import type { FieldError } from '@ledger/kernel';
import type { FieldRuleContext } from './field-rules';
import { joinPath, keyStep } from '@ledger/kernel';

/**
 * Turns class-validator's tree of errors into flat FieldErrors with full JSON paths. A field rule
 * of field-rules.ts carries its check in the constraint's context; the check is run again on the
 * value so each problem is reported at its own sub-path ("data.amount.currency") with its own
 * message, instead of one vague error on "data.amount".
 */
export function toFieldErrors(errors: readonly ValidationError[], basePath: string): FieldError[] {
  return errors.flatMap((error) => {
    const path = joinPath(basePath, keyStep(error.property));
    const own = Object.entries(error.constraints ?? {}).flatMap(([constraint, message]) => {
      const check = (error.contexts?.[constraint] as FieldRuleContext | undefined)?.check;
      if (!check) return [{ path, message }];
      return check(error.value).map((problem) => ({ path: joinPath(path, problem.path), message: problem.message }));
    });
    return [...own, ...toFieldErrors(error.children ?? [], path)];
  });
}
