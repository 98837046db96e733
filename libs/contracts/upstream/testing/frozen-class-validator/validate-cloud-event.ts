/* FROZEN for the differential test: see field-rules.ts of this folder. */
import { validateSync, type ValidatorOptions } from 'class-validator';
import type { CloudEvent } from '../../cloud-event';
import type { FieldError } from '@ledger/kernel';
import { CloudEventEnvelopeDto } from './cloud-event.dto';
import { DATA_DTO_BY_TYPE, type DataDtoClass } from './event-data.dto';
import { isUpstreamEventType } from '../../event-types';
import { fieldsOf } from './field-rules';
import { joinPath, keyStep } from '@ledger/kernel';
import { isJsonObject, jsonKindOf } from '@ledger/kernel';
import { nulCharacterProblems } from '../../text-rules';
import { toFieldErrors } from './validation-errors';

/** The verdict on one upstream event. A rejection still echoes `id` and `source` when they are strings. */
type ValidationOutcome = { ok: true; event: CloudEvent } | { ok: false; errors: FieldError[]; id?: string; source?: string };

/** CloudEvents extension attribute names: lowercase ASCII letters and digits (CloudEvents 1.0 §3.1.1). */
const EXTENSION_NAME = /^[a-z0-9]+$/;

const VALIDATOR_OPTIONS: ValidatorOptions = {
  // One clear message per field (see field-rules.ts), but every field is checked.
  stopAtFirstError: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: true },
};

/**
 * Checks one CloudEvent against SPEC §2 and reports every problem with its full JSON path
 * (prefixed with `pathPrefix`, e.g. "[2]" for the third event of a batch).
 * An accepted event comes back as a plain JSON copy of the input, unchanged: the stored fact
 * must be exactly what upstream sent, so nothing is trimmed, lower-cased or defaulted.
 */
export function frozenValidateCloudEvent(input: unknown, pathPrefix = ''): ValidationOutcome {
  if (!isJsonObject(input)) {
    return { ok: false, errors: [{ path: pathPrefix, message: `must be a JSON object (one CloudEvent), not ${jsonKindOf(input)}` }] };
  }
  const errors = [...envelopeErrors(input), ...dataErrors(input), ...nulCharacterProblems(input)].map((error) => ({
    path: joinPath(pathPrefix, error.path),
    message: error.message,
  }));
  if (errors.length === 0) return { ok: true, event: JSON.parse(JSON.stringify(input)) as CloudEvent };

  const rejected: ValidationOutcome = { ok: false, errors };
  if (typeof input.id === 'string') rejected.id = input.id;
  if (typeof input.source === 'string') rejected.source = input.source;
  return rejected;
}

function envelopeErrors(event: Record<string, unknown>): FieldError[] {
  const attributes = fieldsOf(CloudEventEnvelopeDto);
  const extensionErrors = Object.keys(event)
    .filter((name) => !attributes.includes(name))
    .flatMap((name): FieldError[] => {
      const path = keyStep(name);
      if (!EXTENSION_NAME.test(name)) {
        return [
          { path, message: 'is not a CloudEvents attribute; extension attributes are named with lowercase letters a-z and digits only' },
        ];
      }
      const value = event[name];
      if (typeof value === 'string' || typeof value === 'boolean' || Number.isInteger(value)) return [];
      const shown = typeof value === 'number' ? String(value) : jsonKindOf(value);
      return [{ path, message: `must be a string, an integer or a boolean (CloudEvents extension attribute), not ${shown}` }];
    });
  return [...validateAgainst(CloudEventEnvelopeDto, event, ''), ...extensionErrors];
}

/** `data` is checked against its type's DTO only when the type is known and `data` is an object. */
function dataErrors(event: Record<string, unknown>): FieldError[] {
  const { type, data } = event;
  if (!isUpstreamEventType(type) || !isJsonObject(data)) return [];
  const dto = DATA_DTO_BY_TYPE[type];
  const fields = fieldsOf(dto);
  const unknownFields = Object.keys(data)
    .filter((name) => !fields.includes(name))
    .map((name) => ({ path: joinPath('data', keyStep(name)), message: `is not a field of ${type} (its fields: ${fields.join(', ')})` }));
  const crossField = (dto.crossFieldProblems?.(data) ?? []).map((problem) => ({
    path: joinPath('data', problem.path),
    message: problem.message,
  }));
  return [...validateAgainst(dto, data, 'data'), ...crossField, ...unknownFields];
}

/**
 * Runs class-validator on the DTO's declared fields (unknown keys are reported separately).
 * The instance is built by plain assignment, not class-transformer's plainToInstance: that one
 * walks nested objects and throws on a key named "constructor" (e.g. `"data": {"constructor": 1}`)
 * and drops "__proto__" keys, and untrusted JSON may contain both. Assignment hands class-validator
 * the values exactly as sent.
 */
function validateAgainst(dto: DataDtoClass | typeof CloudEventEnvelopeDto, raw: Record<string, unknown>, basePath: string): FieldError[] {
  const declared = fieldsOf(dto).filter((name) => Object.hasOwn(raw, name));
  const instance = Object.assign(new dto(), Object.fromEntries(declared.map((name) => [name, raw[name]])));
  return toFieldErrors(validateSync(instance, VALIDATOR_OPTIONS), basePath);
}
