import type { CloudEvent } from './cloud-event';
import type { FieldError } from '@ledger/kernel';
import { CloudEventEnvelopeDto } from './cloud-event.dto';
import { compileFields, type CompiledFields } from './compiled-fields';
import { DATA_DTO_BY_TYPE, type DataDtoClass } from './event-data.dto';
import { UPSTREAM_EVENT_TYPES, type UpstreamEventType } from './event-types';
import { joinPath, keyStep } from '@ledger/kernel';
import { isJsonObject, jsonKindOf } from '@ledger/kernel';
import { copyAcceptedJson } from './json-copy';
import { containsNul, nulCharacterProblems } from './text-rules';

/** The verdict on one upstream event. A rejection still echoes `id` and `source` when they are strings. */
export type ValidationOutcome = { ok: true; event: CloudEvent } | { ok: false; errors: FieldError[]; id?: string; source?: string };

/** CloudEvents extension attribute names: lowercase ASCII letters and digits (CloudEvents 1.0 §3.1.1). */
const EXTENSION_NAME = /^[a-z0-9]+$/;

interface DataContract {
  fields: CompiledFields;
  known: ReadonlySet<string>;
  /** "its fields: a, b, c", for the message on an unknown field. */
  listed: string;
  dto: DataDtoClass;
}

interface Contract {
  envelope: CompiledFields;
  attributes: ReadonlySet<string>;
  data: ReadonlyMap<string, DataContract>;
}

let contract: Contract | undefined;

/** Compiled on first use from the DTOs (cloud-event.dto.ts, event-data.dto.ts), the one declaration of every field. */
function compiled(): Contract {
  if (contract) return contract;
  const envelope = compileFields(CloudEventEnvelopeDto, '');
  const data = new Map<string, DataContract>();
  for (const type of UPSTREAM_EVENT_TYPES) {
    const dto = DATA_DTO_BY_TYPE[type];
    const fields = compileFields(dto, 'data');
    data.set(type, { fields, known: new Set(fields.fields), listed: fields.fields.join(', '), dto });
  }
  contract = { envelope, attributes: new Set(envelope.fields), data };
  return contract;
}

/**
 * Checks one CloudEvent against SPEC §2 and reports every problem with its full JSON path
 * (prefixed with `pathPrefix`, e.g. "[2]" for the third event of a batch): the envelope's fields,
 * then extension attributes, then `data` against its type's fields, then NUL characters anywhere.
 * An accepted event comes back as a plain JSON copy of the input, unchanged: the stored fact
 * must be exactly what upstream sent, so nothing is trimmed, lower-cased or defaulted.
 */
export function validateCloudEvent(input: unknown, pathPrefix = ''): ValidationOutcome {
  if (!isJsonObject(input)) {
    return { ok: false, errors: [{ path: pathPrefix, message: `must be a JSON object (one CloudEvent), not ${jsonKindOf(input)}` }] };
  }
  const { envelope, attributes, data: dataContracts } = compiled();
  let errors = envelope.check(input, undefined);
  for (const name in input) {
    if (!Object.hasOwn(input, name) || attributes.has(name)) continue;
    const problem = extensionProblem(name, input[name]);
    if (problem) (errors ??= []).push({ path: keyStep(name), message: problem });
  }
  // `data` is checked against its type's DTO only when the type is known and `data` is an object.
  const { type, data } = input;
  const dataContract = typeof type === 'string' ? dataContracts.get(type) : undefined;
  if (dataContract && isJsonObject(data)) errors = dataErrors(type as UpstreamEventType, data, dataContract, errors);
  if (containsNul(input)) (errors ??= []).push(...nulCharacterProblems(input));

  if (errors === undefined) return { ok: true, event: copyAcceptedJson(input) as CloudEvent };
  const rejected: ValidationOutcome = {
    ok: false,
    errors: errors.map((error) => ({ path: joinPath(pathPrefix, error.path), message: error.message })),
  };
  if (typeof input.id === 'string') rejected.id = input.id;
  if (typeof input.source === 'string') rejected.source = input.source;
  return rejected;
}

function extensionProblem(name: string, value: unknown): string | undefined {
  if (!EXTENSION_NAME.test(name)) {
    return 'is not a CloudEvents attribute; extension attributes are named with lowercase letters a-z and digits only';
  }
  if (typeof value === 'string' || typeof value === 'boolean' || Number.isInteger(value)) return undefined;
  const shown = typeof value === 'number' ? String(value) : jsonKindOf(value);
  return `must be a string, an integer or a boolean (CloudEvents extension attribute), not ${shown}`;
}

/** The declared fields, then the rules across fields, then every field the type does not have. */
function dataErrors(
  type: UpstreamEventType,
  data: Record<string, unknown>,
  contract: DataContract,
  found: FieldError[] | undefined,
): FieldError[] | undefined {
  let errors = contract.fields.check(data, found);
  const crossField = contract.dto.crossFieldProblems?.(data);
  if (crossField && crossField.length > 0) {
    errors ??= [];
    for (const problem of crossField) errors.push({ path: joinPath('data', problem.path), message: problem.message });
  }
  for (const name in data) {
    if (!Object.hasOwn(data, name) || contract.known.has(name)) continue;
    (errors ??= []).push({ path: joinPath('data', keyStep(name)), message: `is not a field of ${type} (its fields: ${contract.listed})` });
  }
  return errors;
}
