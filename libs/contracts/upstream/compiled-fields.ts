import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { FieldError } from '@ledger/kernel';
import { joinPath, keyStep } from '@ledger/kernel';
import { fieldsOf, requiredProblem, type FieldCheck, type FieldRuleContext } from './field-rules';

/**
 * A DTO of field rules (field-rules.ts) compiled into a plain function, read from the DTO's own
 * class-validator metadata: the DTO stays the one declaration of the fields, and the checks are
 * the very functions its decorators registered. It gives what class-validator's validateSync
 * gives with `stopAtFirstError` (what validate-object.ts runs), field by field in declaration
 * order, without building an instance, metadata lookups or ValidationError trees per call.
 */
export interface CompiledFields {
  /** The declared fields, in declaration order. */
  readonly fields: readonly string[];
  /** Appends the problems of `record` to `errors` (paths under `basePath`); returns `errors`, or a new array when it was undefined and something was found. */
  check(record: Record<string, unknown>, errors: FieldError[] | undefined): FieldError[] | undefined;
}

interface CompiledField {
  name: string;
  /** Path of the field under the base path, e.g. "data.amount". */
  path: string;
  required: boolean;
  optional: boolean;
  checks: readonly FieldCheck[];
}

type DtoClass = abstract new (...args: never[]) => object;

export function compileFields(dto: DtoClass, basePath: string): CompiledFields {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const compiled: CompiledField[] = fieldsOf(dto).map((name) => {
    const field: CompiledField = { name, path: joinPath(basePath, keyStep(name)), required: false, optional: false, checks: [] };
    const checks: FieldCheck[] = [];
    for (const entry of metadata.filter((candidate) => candidate.propertyName === name)) {
      const context = entry.context as FieldRuleContext | undefined;
      if (entry.type === ValidationTypes.IS_DEFINED && context?.presence === 'required') field.required = true;
      else if (entry.type === ValidationTypes.CONDITIONAL_VALIDATION && context?.presence === 'optional') field.optional = true;
      else if (entry.type === ValidationTypes.CUSTOM_VALIDATION && context?.check) checks.push(context.check);
      // Anything else would be checked by class-validator and silently skipped here.
      else throw new Error(`${dto.name}.${name}: a "${entry.type}" rule outside field-rules.ts cannot be compiled`);
    }
    return { ...field, checks };
  });

  return {
    fields: compiled.map((field) => field.name),
    check(record, errors) {
      for (const field of compiled) {
        const value = Object.hasOwn(record, field.name) ? record[field.name] : undefined;
        // class-validator's order: the condition (Optional), then presence (Required), then the rules, first failure only.
        if (field.optional && value === undefined) continue;
        if (field.required && (value === undefined || value === null)) {
          (errors ??= []).push({ path: field.path, message: requiredProblem(value) });
          continue;
        }
        for (const check of field.checks) {
          const problems = check(value);
          if (problems.length === 0) continue;
          errors ??= [];
          for (const found of problems) errors.push({ path: joinPath(field.path, found.path), message: found.message });
          break;
        }
      }
      return errors;
    },
  };
}
