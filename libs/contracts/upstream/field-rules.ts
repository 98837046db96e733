import { IsDefined, ValidateIf, getMetadataStorage, isURL, registerDecorator } from 'class-validator';
import { moneyProblems } from '@ledger/kernel';
import { dateTimeProblem, parseInstant, type DayEdge } from '@ledger/kernel';
import { isDomainName } from './domain-name';
import { keyStep } from '@ledger/kernel';
import { isJsonObject, jsonKindOf } from '@ledger/kernel';

/**
 * The vocabulary the DTOs are written in: one decorator per kind of field, each with messages
 * that name the reason. Messages never repeat the field name: the error's path already does.
 *
 * Each decorator is ONE function of the value (a FieldCheck) that goes from the most basic check
 * ("is it a string?") to the most specific and reports one clear problem, or a few at sub-paths
 * for structured fields (money). It is registered with class-validator, which runs it for request
 * bodies (validate-object.ts), and carried in the constraint's context, from where the compiled
 * upstream validator (compiled-fields.ts) reads it: both run the very same function, so a rule is
 * written once and the DTO stays the one declaration of its fields.
 */

export const MAX_TEXT_LENGTH = 256;
export const MAX_URL_LENGTH = 2048;
export const MAX_PROTECTION_DAYS = 3650;

/** A problem of a field, relative to it: "currency" inside money, or "" for the field itself. */
export interface NestedProblem {
  path: string;
  message: string;
}

/** One field's rule: its problems, none when the value is fine. */
export type FieldCheck = (value: unknown) => readonly NestedProblem[];

/** What a vocabulary decorator leaves in its class-validator metadata's context. */
export interface FieldRuleContext {
  check?: FieldCheck;
  presence?: 'required' | 'optional';
}

const FINE: readonly NestedProblem[] = Object.freeze([]);
const problem = (message: string): readonly NestedProblem[] => [{ path: '', message }];
const shown = (value: unknown): string => JSON.stringify(value);
const notAString = (value: unknown) => problem(`must be a string, not ${jsonKindOf(value)}`);

/** Registers a check as one class-validator constraint; the context carries it (see toFieldErrors and compiled-fields.ts). */
function fieldRule(name: string, check: FieldCheck): PropertyDecorator {
  const context: FieldRuleContext = { check };
  return (target, property) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(property),
      options: { context },
      // The message is replaced by the check's own problems, but must not be empty: class-validator
      // attaches the context only to constraints with a (truthy) message.
      validator: { validate: (value: unknown) => check(value).length === 0, defaultMessage: () => 'is invalid' },
    });
}

/** Why a required field is refused: absent, or null (null is not a value of any field). */
export function requiredProblem(value: unknown): string {
  return value === null ? 'must not be null' : 'is required';
}

/** The field must be present. null is refused too: it is not a value of any field. */
export function Required(): PropertyDecorator {
  const context: FieldRuleContext = { presence: 'required' };
  return IsDefined({ message: (args) => requiredProblem(args.value), context });
}

/** The field may be left out; when present (even as null) the other rules apply. */
export function Optional(): PropertyDecorator {
  const context: FieldRuleContext = { presence: 'optional' };
  return ValidateIf((_object, value) => value !== undefined, { context });
}

/** An identifier or short text: a string with something besides spaces, at most `maxLength` characters as sent. */
export function Text(maxLength = MAX_TEXT_LENGTH): PropertyDecorator {
  return fieldRule('text', (value) => {
    if (typeof value !== 'string') return notAString(value);
    if (value.trim() === '') return problem('must not be empty');
    if (value.length > maxLength) return problem(`must be at most ${maxLength} characters long, not ${value.length}`);
    return FINE;
  });
}

/** One of a closed list of strings; the message lists them. */
export function OneOf(values: readonly string[]): PropertyDecorator {
  const allowed = new Set(values);
  return fieldRule('oneOf', (value) => {
    if (typeof value !== 'string') return notAString(value);
    return allowed.has(value) ? FINE : problem(`${shown(value)} is not one of: ${values.join(', ')}`);
  });
}

/** Exactly this string (CloudEvents `specversion`). */
export function Exactly(expected: string, why: string): PropertyDecorator {
  return fieldRule('exactly', (value) =>
    value === expected ? FINE : problem(`must be the string "${expected}" (${why}), not ${shown(value)}`),
  );
}

export function DomainName(): PropertyDecorator {
  return fieldRule('domainName', (value) => {
    if (typeof value !== 'string') return notAString(value);
    if (isDomainName(value)) return FINE;
    return problem(`${shown(value)} is not a domain name such as "acme.com" (letters, digits, hyphens and dots; "www." allowed)`);
  });
}

const HTTP_URL = { protocols: ['http', 'https'], require_protocol: true };

/** An absolute http(s) URL. */
export function HttpUrl(): PropertyDecorator {
  return fieldRule('httpUrl', (value) => {
    if (typeof value !== 'string') return notAString(value);
    if (value.length > MAX_URL_LENGTH) return problem(`must be at most ${MAX_URL_LENGTH} characters long`);
    return isURL(value, HTTP_URL) ? FINE : problem(`${shown(value)} is not an http(s) URL such as "https://acme.com/pricing"`);
  });
}

/** An RFC 3339 date-time with a zone; the message says what is wrong with it. */
export function DateTime(): PropertyDecorator {
  return fieldRule('dateTime', (value) => {
    if (typeof value !== 'string') return notAString(value);
    const why = dateTimeProblem(value);
    return why === undefined ? FINE : problem(`${shown(value)} ${why}`);
  });
}

/**
 * An instant that may also be sent as a plain date, standing for that UTC day's first or last
 * millisecond (`edge`). The handler reads the value with toInstant(value, { plainDate: edge }).
 */
export function InstantOrDate(edge: DayEdge): PropertyDecorator {
  return fieldRule('instantOrDate', (value) => {
    const parsed = parseInstant(value, { plainDate: edge });
    return parsed.ok ? FINE : problem(parsed.message);
  });
}

/** A whole, positive number of days. */
export function Days(max: number): PropertyDecorator {
  return fieldRule('days', (value) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      return problem(`must be a whole number of days, not ${typeof value === 'number' ? String(value) : jsonKindOf(value)}`);
    }
    if (value < 1) return problem(`must be at least 1 day, not ${String(value)}`);
    if (value > max) return problem(`must be at most ${max} days, not ${String(value)}`);
    return FINE;
  });
}

/** A JSON object of any shape (the CloudEvent `data` before its type-specific checks). */
export function JsonObject(): PropertyDecorator {
  return fieldRule('jsonObject', (value) => (isJsonObject(value) ? FINE : problem(`must be a JSON object, not ${jsonKindOf(value)}`)));
}

/**
 * Money per SPEC §2 (moneyProblems of @ledger/money). Upstream facts never carry negative
 * amounts (a refund is a positive amount on `invoice.refunded`); `allowZero` says whether 0 is
 * a meaningful value of the field.
 */
export function Money(options: { allowZero: boolean; allowNegative?: boolean }): PropertyDecorator {
  const rules = { allowNegative: options.allowNegative ?? false, allowZero: options.allowZero };
  return fieldRule('money', (value) =>
    moneyProblems(value, rules).map((found) => ({ path: found.path === '' ? '' : keyStep(found.path), message: found.message })),
  );
}

/** Amounts by currency, {"USD": "50.00"}: each key an ISO 4217 code, each value a non-negative amount of it. */
export function MoneyMap(): PropertyDecorator {
  return fieldRule('moneyMap', (value) => {
    if (!isJsonObject(value)) return problem(`must be an object of amounts by currency such as {"USD": "50.00"}, not ${jsonKindOf(value)}`);
    if (Object.keys(value).length === 0) return problem('must name at least one currency, such as {"USD": "50.00"}');
    return Object.entries(value).flatMap(([currency, amount]) =>
      moneyProblems({ amount, currency }, { allowNegative: false, allowZero: true }).map((found) => ({
        path: keyStep(currency),
        message: found.message,
      })),
    );
  });
}

/** An object whose values are strings (UTM parameters); each bad entry is reported at its key. */
export function StringMap(maxLength = MAX_TEXT_LENGTH): PropertyDecorator {
  return fieldRule('stringMap', (value) => {
    if (!isJsonObject(value)) return problem(`must be an object of strings such as {"campaign": "spring"}, not ${jsonKindOf(value)}`);
    const problems: NestedProblem[] = [];
    for (const [key, entry] of Object.entries(value)) {
      if (typeof entry !== 'string') problems.push({ path: keyStep(key), message: `must be a string, not ${jsonKindOf(entry)}` });
      else if (entry.length > maxLength)
        problems.push({ path: keyStep(key), message: `must be at most ${maxLength} characters long, not ${entry.length}` });
    }
    return problems;
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
