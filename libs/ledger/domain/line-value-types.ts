/*
 * How a ledger-line field holds its value in a column and reads it back. The field table
 * (ledger-line.ts) names one of these per field; row mapping, the insert's array casts, hashing and
 * the statement's CSV cells are all derived from it, so none of them lists the fields again.
 */

/** The SQL types ledger_lines uses; also the element type of the `unnest` arrays an insert sends. */
export type SqlType = 'text' | 'integer' | 'bigint' | 'numeric' | 'timestamptz';

/** What one column holds, as the line has it: a string, a number or null. */
export type CellValue = string | number | null;

/** A value stored in one column. `read` takes what the drivers return (numeric as text, timestamptz as Date or text, bigint as text or number). */
export interface ScalarType<T extends CellValue> {
  readonly shape: 'scalar';
  readonly sql: SqlType;
  readonly nullable: boolean;
  read(stored: unknown): T;
}

/** A value stored in one column per part (`cause` → cause_type, cause_source, ...), parts in declaration order. */
export interface RecordType<T extends object> {
  readonly shape: 'record';
  readonly parts: { readonly [K in keyof T]: T[K] extends CellValue ? ScalarType<T[K]> : never };
}

const scalar = <T extends CellValue>(sql: SqlType, read: (stored: unknown) => T): ScalarType<T> => ({
  shape: 'scalar',
  sql,
  nullable: false,
  read,
});

export const text = <T extends string = string>(): ScalarType<T> => scalar('text', (stored) => String(stored) as T);
export const integer: ScalarType<number> = scalar('integer', Number);
// Global positions fit a double for the next few hundred million years of events.
export const bigint: ScalarType<number> = scalar('bigint', Number);
// Read back as stored: numeric keeps the scale it was written with, so an edit shows in the hashed text.
export const decimal: ScalarType<string> = scalar('numeric', (stored) => String(stored));
export const instant: ScalarType<string> = scalar('timestamptz', (stored) => new Date(stored as string | Date).toISOString());

export function nullable<T extends CellValue>(type: ScalarType<T>): ScalarType<T | null> {
  return { ...type, nullable: true, read: (stored) => (stored === null || stored === undefined ? null : type.read(stored)) };
}

export function record<T extends object>(parts: RecordType<T>['parts']): RecordType<T> {
  return { shape: 'record', parts };
}
