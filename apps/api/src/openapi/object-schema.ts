import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const FIELD = { string: { type: 'string' }, number: { type: 'number' }, array: { type: 'array', items: { type: 'object' } } } as const;
type FieldKind = keyof typeof FIELD;

/**
 * A response schema for an answer documented field by field: the named fields (strings unless said)
 * are always present; other fields may follow.
 */
export function objectSchema(fields: Record<string, FieldKind | SchemaObject>): SchemaObject {
  const properties = Object.fromEntries(
    Object.entries(fields).map(([name, kind]) => [name, typeof kind === 'string' ? { ...FIELD[kind] } : kind]),
  ) as Record<string, SchemaObject>;
  return { type: 'object', required: Object.keys(fields), properties, additionalProperties: true };
}
