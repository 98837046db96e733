import type { LineCause, Tier } from '@ledger/contracts';
import type { Account } from './accounts';
import {
  bigint,
  decimal,
  instant,
  integer,
  nullable,
  record,
  text,
  type CellValue,
  type RecordType,
  type ScalarType,
  type SqlType,
} from './line-value-types';

export const TRANSACTION_KINDS = [
  'accrual',
  'clawback',
  'adjustment',
  'payout',
  'payout_confirmation',
  'payout_reversal',
  // Compensating entries of a policy adoption: the replaced decision's commission and clawbacks undone.
  'accrual_reversal',
  'clawback_reversal',
  // Risk holds (SPEC §9): commission moved to and from partner_commission_held, and a rejected hold written off.
  'hold',
  'hold_release',
  'hold_rejection',
] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

/**
 * Where a field comes from: `header` is shared by a transaction's lines, `posting` is one side of
 * it, `link` is set when the line is linked into its partner's hash chain.
 */
type LineRole = 'header' | 'posting' | 'link';

interface FieldOptions {
  role: LineRole;
  /**
   * The first hash version that hashes this field on every line (see hash-chain.ts). A field added
   * later gets the next version, which new lines then use: lines already written keep theirs.
   */
  since: number;
  /** Transaction drafts may leave it out (it is null then): for a field most transactions do not set. */
  optionalInDraft?: true;
  /** Shown on statements (JSON and CSV), at `order` among the columns, under `name` (default the key). */
  statement?: { order: number; name?: string };
}

type AnyValueType = ScalarType<CellValue> | RecordType<object>;

function field<const K extends string, const V extends AnyValueType, const O extends FieldOptions>(
  key: K,
  type: V,
  options: O,
): { key: K; type: V } & O {
  return { key, type, ...options };
}

/**
 * THE ledger line: every field, once. The row mapping and insert of `ledger_lines`, the hash of
 * each hash version, the statement's JSON and CSV columns and the line's TypeScript types are all
 * derived from this table. Rows are in column order, which is also hash order: append new fields at
 * the end (nullable, with `since` one above the latest), never reorder or re-version existing ones,
 * or lines already written stop verifying. The column itself comes from a migration.
 */
export const LEDGER_LINE_FIELDS = [
  field('lineId', text(), { role: 'link', since: 1, statement: { order: 180 } }),
  field('transactionId', text(), { role: 'header', since: 1, statement: { order: 170 } }),
  // Every transaction concerns exactly one partner, whose chain holds all its lines.
  field('partnerId', text(), { role: 'header', since: 1 }),
  // Position in the partner's chain, from 1.
  field('seq', integer, { role: 'link', since: 1 }),
  field('kind', text<TransactionKind>(), { role: 'header', since: 1, statement: { order: 30 } }),
  field('account', text<Account>(), { role: 'posting', since: 1 }),
  field('currency', text(), { role: 'header', since: 1, statement: { order: 20 } }),
  // Decimal strings with the currency's minor digits; exactly one side is non-zero.
  field('debit', decimal, { role: 'posting', since: 1, statement: { order: 50 } }),
  field('credit', decimal, { role: 'posting', since: 1, statement: { order: 60 } }),
  // Business time (ISO 8601 UTC with milliseconds, like every time of the line).
  field('occurredAt', instant, { role: 'header', since: 1, statement: { order: 10, name: 'date' } }),
  // When the ledger learned it: the recorded time of the event that produced the transaction.
  field('recordedAt', instant, { role: 'header', since: 1, statement: { order: 80 } }),
  // From this business time the line counts in `payable`; before, in `pending`.
  field('payableAt', instant, { role: 'header', since: 1, statement: { order: 70 } }),
  field('cause', record<LineCause>({ type: text(), source: text(), id: text(), position: bigint }), {
    role: 'header',
    since: 1,
    statement: { order: 150 },
  }),
  field('conversionId', nullable(text()), { role: 'header', since: 1, statement: { order: 90 } }),
  field('policyVersion', nullable(text()), { role: 'header', since: 1, statement: { order: 100 } }),
  field('planVersion', nullable(text()), { role: 'header', since: 1, statement: { order: 120 } }),
  field('tier', nullable(text<Tier>()), { role: 'header', since: 1, statement: { order: 130 } }),
  field('rate', nullable(text()), { role: 'header', since: 1, statement: { order: 140 } }),
  field('description', text(), { role: 'header', since: 1, statement: { order: 40 } }),
  // Identity of the API key that asked for it (adjustments, payout runs).
  field('actor', nullable(text()), { role: 'header', since: 1, statement: { order: 160 } }),
  // The hash of the partner's previous line (64 zeros for the first).
  field('prevHash', text(), { role: 'link', since: 1 }),
  field('hash', text(), { role: 'link', since: 1, statement: { order: 190 } }),
  // On the entries a policy adoption books: the version whose decision was replaced (`policyVersion` names the adopted one).
  field('replacedPolicyVersion', nullable(text()), { role: 'header', since: 2, optionalInDraft: true, statement: { order: 110 } }),
  // Which hash algorithm the line's hash follows (hash-chain.ts); lines written before versions existed are 1.
  field('hashVersion', integer, { role: 'link', since: 2, statement: { order: 200 } }),
] as const;

export type LedgerLineField = (typeof LEDGER_LINE_FIELDS)[number];

/** The hash version new lines get: the highest `since` of the table. */
export const LATEST_HASH_VERSION = Math.max(...LEDGER_LINE_FIELDS.map((f) => f.since));

/* ----- The line's types, derived from the table ----- */

type ValueOf<F> = F extends { type: ScalarType<infer T> } ? T : F extends { type: RecordType<infer T> } ? T : never;
type Shape<F extends LedgerLineField> = { [E in F as E['key']]: ValueOf<E> };
// One flat object type, so editors and errors show the fields rather than the mapped types behind them.
type Flat<T> = { [K in keyof T]: T[K] };
type HeaderField = Extract<LedgerLineField, { role: 'header' }>;
type OptionalInDraft = Extract<HeaderField, { optionalInDraft: true }>;

/** Everything a transaction's lines share. */
export type TransactionHeader = Flat<Shape<HeaderField>>;

/** One side of a transaction: an amount on exactly one of debit or credit. */
export type Posting = Shape<Extract<LedgerLineField, { role: 'posting' }>>;

/** What a booking rule hands to `chainTransaction`: the header (optional fields may be left out) and the postings. */
export type TransactionDraft = Flat<
  Shape<Exclude<HeaderField, OptionalInDraft>> & Partial<Shape<OptionalInDraft>> & { postings: Posting[] }
>;

/** A stored ledger line: a posting, its transaction's header and its link in the partner's hash chain. */
export type LedgerLine = Flat<TransactionHeader & Posting & Shape<Extract<LedgerLineField, { role: 'link' }>>>;

export interface LedgerTransaction {
  transactionId: string;
  lines: LedgerLine[];
}

/* ----- Columns (cells): the table flattened, a record field giving one cell per part ----- */

export interface LineCell {
  readonly field: LedgerLineField;
  /** The record part (`cause.type` → 'type'), or null for a scalar field. */
  readonly part: string | null;
  /** snake_case of the key, and of the part: cause.type → cause_type. */
  readonly column: string;
  readonly sql: SqlType;
  readonly nullable: boolean;
  get(line: Partial<LedgerLine>): CellValue;
  read(stored: unknown): CellValue;
}

/** camelCase → snake_case: a field's column name, a statement's CSV header. */
export const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

function cellsOf(f: LedgerLineField): LineCell[] {
  const type: AnyValueType = f.type;
  if (type.shape === 'scalar') {
    return [
      {
        field: f,
        part: null,
        column: snakeCase(f.key),
        sql: type.sql,
        nullable: type.nullable,
        get: (line) => cellOf(line[f.key]),
        read: type.read,
      },
    ];
  }
  return Object.entries(type.parts as Record<string, ScalarType<CellValue>>).map(([part, partType]) => ({
    field: f,
    part,
    column: `${snakeCase(f.key)}_${snakeCase(part)}`,
    sql: partType.sql,
    nullable: partType.nullable,
    get: (line) => cellOf((line[f.key] as Record<string, unknown> | undefined)?.[part]),
    read: partType.read,
  }));
}

// An absent value (a draft's optional field) is a null cell, as it is stored.
const cellOf = (value: unknown): CellValue => (value === undefined ? null : (value as CellValue));

/** Every column of a line, in table order. */
export const LINE_CELLS: readonly LineCell[] = LEDGER_LINE_FIELDS.flatMap(cellsOf);

/** Rebuilds a line from what `stored` returns for each of its cells, exactly as it was hashed. */
export function lineFromCells(stored: (cell: LineCell) => unknown): LedgerLine {
  const line: Record<string, unknown> = {};
  for (const cell of LINE_CELLS) {
    const value = cell.read(stored(cell));
    if (cell.part === null) line[cell.field.key] = value;
    else ((line[cell.field.key] ??= {}) as Record<string, unknown>)[cell.part] = value;
  }
  return line as LedgerLine;
}
