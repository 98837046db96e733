import {
  IsDefined,
  IsIn,
  IsInt,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  getMetadataStorage,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { moneyProblems } from '@ledger/kernel';
import { dateTimeProblem, isRfc3339DateTime } from '@ledger/kernel';
import { isDomainName } from '../../domain-name';
import { keyStep } from '@ledger/kernel';
import { isJsonObject, jsonKindOf } from '@ledger/kernel';

/*
 * FROZEN for the differential test (validate-cloud-event.properties.unit.spec.ts): the class-validator
 * implementation of the upstream event contract as it was before the compiled validator, kept
 * word for word except for import paths and the rules the upstream DTOs never used (InstantOrDate,
 * MoneyMap). Never edit it to make a difference go away: the point is that it does not change.
 */

/**
 * The vocabulary the DTOs are written in: one decorator per kind of field, each with messages
 * that name the reason. Messages never repeat the field name: the error's path already does.
 *
 * Several class-validator rules can sit on one property. We validate with `stopAtFirstError`, so
 * each rule list goes from the most basic check ("is it a string?") to the most specific, and a
 * field reports one clear problem instead of a pile of consequences.
 */

export const MAX_TEXT_LENGTH = 256;
export const MAX_URL_LENGTH = 2048;
export const MAX_PROTECTION_DAYS = 3650;

/** A problem inside a structured field (money, utm), relative to it: "currency", or "" for the field itself. */
export interface NestedProblem {
  path: string;
  message: string;
}
export type NestedCheck = (value: unknown) => NestedProblem[];

/** Name of the class-validator constraint whose context carries a NestedCheck (see validation-errors.ts). */
export const NESTED_CHECK = 'nestedCheck';

function rules(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => decorators.forEach((decorate) => decorate(target, property));
}

/** A one-off class-validator constraint from a predicate and a message. */
function satisfies(name: string, test: (value: unknown) => boolean, message: (args: ValidationArguments) => string): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(property),
      options: { message },
      validator: { validate: (value: unknown) => test(value) },
    });
}

const shown = (args: ValidationArguments): string => JSON.stringify(args.value);

function isAString(): PropertyDecorator {
  return IsString({ message: (args) => `must be a string, not ${jsonKindOf(args.value)}` });
}

/** The field must be present. null is refused too: it is not a value of any field. */
export function Required(): PropertyDecorator {
  return IsDefined({ message: (args) => (args.value === null ? 'must not be null' : 'is required') });
}

/** The field may be left out; when present (even as null) the other rules apply. */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/** An identifier or short text: a string with something besides spaces, at most `maxLength` characters as sent. */
export function Text(maxLength = MAX_TEXT_LENGTH): PropertyDecorator {
  return rules(
    isAString(),
    satisfies(
      'notBlank',
      (value) => typeof value === 'string' && value.trim() !== '',
      () => 'must not be empty',
    ),
    MaxLength(maxLength, { message: (args) => `must be at most ${maxLength} characters long, not ${String(args.value).length}` }),
  );
}

/** One of a closed list of strings; the message lists them. */
export function OneOf(values: readonly string[]): PropertyDecorator {
  return rules(isAString(), IsIn([...values], { message: (args) => `${shown(args)} is not one of: ${values.join(', ')}` }));
}

/** Exactly this string (CloudEvents `specversion`). */
export function Exactly(expected: string, why: string): PropertyDecorator {
  return IsIn([expected], { message: (args) => `must be the string "${expected}" (${why}), not ${shown(args)}` });
}

export function DomainName(): PropertyDecorator {
  return rules(
    isAString(),
    satisfies(
      'isDomainName',
      isDomainName,
      (args) => `${shown(args)} is not a domain name such as "acme.com" (letters, digits, hyphens and dots; "www." allowed)`,
    ),
  );
}

/** An absolute http(s) URL. */
export function HttpUrl(): PropertyDecorator {
  return rules(
    isAString(),
    MaxLength(MAX_URL_LENGTH, { message: `must be at most ${MAX_URL_LENGTH} characters long` }),
    IsUrl(
      { protocols: ['http', 'https'], require_protocol: true },
      { message: (args) => `${shown(args)} is not an http(s) URL such as "https://acme.com/pricing"` },
    ),
  );
}

/** An RFC 3339 date-time with a zone; the message says what is wrong with it. */
export function DateTime(): PropertyDecorator {
  return rules(
    isAString(),
    satisfies('isRfc3339DateTime', isRfc3339DateTime, (args) => `${shown(args)} ${dateTimeProblem(String(args.value))}`),
  );
}

/** A whole, positive number of days. */
export function Days(max: number): PropertyDecorator {
  return rules(
    IsInt({
      message: (args) =>
        `must be a whole number of days, not ${typeof args.value === 'number' ? String(args.value) : jsonKindOf(args.value)}`,
    }),
    Min(1, { message: (args) => `must be at least 1 day, not ${String(args.value)}` }),
    Max(max, { message: (args) => `must be at most ${max} days, not ${String(args.value)}` }),
  );
}

/** A JSON object of any shape (the CloudEvent `data` before its type-specific checks). */
export function JsonObject(): PropertyDecorator {
  return satisfies('isJsonObject', isJsonObject, (args) => `must be a JSON object, not ${jsonKindOf(args.value)}`);
}

/**
 * A structured field checked by a function that reports problems at sub-paths
 * ("amount.currency"). class-validator has one error per property, so the check travels in the
 * constraint's context and validation-errors.ts runs it again to expand the sub-paths.
 */
function Nested(check: NestedCheck): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: NESTED_CHECK,
      target: target.constructor,
      propertyName: String(property),
      options: { context: { check } },
      // The message is replaced by the check's own messages, but must not be empty: class-validator
      // attaches the context only to constraints with a (truthy) message.
      validator: { validate: (value: unknown) => check(value).length === 0, defaultMessage: () => 'is invalid' },
    });
}

/**
 * Money per SPEC §2 (moneyProblems of @ledger/money). Upstream facts never carry negative
 * amounts (a refund is a positive amount on `invoice.refunded`); `allowZero` says whether 0 is
 * a meaningful value of the field.
 */
export function Money(options: { allowZero: boolean; allowNegative?: boolean }): PropertyDecorator {
  return Nested((value) =>
    moneyProblems(value, { allowNegative: options.allowNegative ?? false, allowZero: options.allowZero }).map((problem) => ({
      path: problem.path === '' ? '' : keyStep(problem.path),
      message: problem.message,
    })),
  );
}

/** An object whose values are strings (UTM parameters); each bad entry is reported at its key. */
export function StringMap(maxLength = MAX_TEXT_LENGTH): PropertyDecorator {
  return Nested((value) => {
    if (!isJsonObject(value))
      return [{ path: '', message: `must be an object of strings such as {"campaign": "spring"}, not ${jsonKindOf(value)}` }];
    return Object.entries(value).flatMap(([key, entry]) => {
      if (typeof entry !== 'string') return [{ path: keyStep(key), message: `must be a string, not ${jsonKindOf(entry)}` }];
      if (entry.length > maxLength)
        return [{ path: keyStep(key), message: `must be at most ${maxLength} characters long, not ${entry.length}` }];
      return [];
    });
  });
}

/** A DTO class: only its identity matters (it keys class-validator's metadata). */
type DtoClass = abstract new (...args: never[]) => object;

const fieldsByDto = new Map<DtoClass, readonly string[]>();

/**
 * The fields a DTO class declares (every field carries at least one rule), in declaration order.
 * Read from class-validator's metadata once per class, so the DTO is the only list of fields.
 */
export function fieldsOf(dto: DtoClass): readonly string[] {
  let fields = fieldsByDto.get(dto);
  if (!fields) {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
    fields = [...new Set(metadata.map((entry) => entry.propertyName))];
    fieldsByDto.set(dto, fields);
  }
  return fields;
}
