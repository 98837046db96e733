import { LEDGER_LINE_FIELDS, LINE_CELLS, snakeCase, type LedgerLine, type LedgerLineField } from '@ledger/ledger/domain';
import type { CsvCell } from '@ledger/platform/csv';

/*
 * A statement's columns, JSON and CSV alike: the line fields the field table marks `statement`, in
 * its `order`, and the two columns a statement adds. Nothing here names a line field.
 */

type StatementField = Extract<LedgerLineField, { statement: object }>;
type ColumnName<F extends StatementField> = F extends { statement: { name: infer N extends string } } ? N : F['key'];

/** One line of a statement: the statement's line fields, under their statement names (`occurredAt` is `date`). */
export type StatementLine = { [F in StatementField as ColumnName<F>]: LedgerLine[F['key']] } & {
  /** Signed from the partner's side: positive adds to what the program owes the partner. */
  amount: string;
  /** Balance of the partner's commission accounts (pending + payable + held) in this currency after this line. */
  runningBalance: string;
};

type Derived = Pick<StatementLine, 'amount' | 'runningBalance'>;

interface Column {
  order: number;
  name: string;
  /** The line field shown, or null for a column the statement computes. */
  field: StatementField | null;
}

const COLUMNS: readonly Column[] = [
  ...LEDGER_LINE_FIELDS.filter((f): f is StatementField => 'statement' in f).map((f) => ({
    order: f.statement.order,
    name: statementName(f),
    field: f,
  })),
  // Right after the amounts (debit 50, credit 60).
  { order: 62, name: 'amount', field: null },
  { order: 64, name: 'runningBalance', field: null },
].sort((a, b) => a.order - b.order);

function statementName(f: StatementField): string {
  return 'name' in f.statement ? f.statement.name : f.key;
}

export function statementLine(line: LedgerLine, derived: Derived): StatementLine {
  const view: Record<string, unknown> = {};
  for (const column of COLUMNS) view[column.name] = column.field ? line[column.field.key] : derived[column.name as keyof Derived];
  return view as StatementLine;
}

/** CSV columns: snake_case names; a record field (the cause) gives one column per part, as it is stored. */
const CSV_COLUMNS: ReadonlyArray<{ header: string; cell: (line: StatementLine) => CsvCell }> = COLUMNS.flatMap((column) => {
  const value = (line: StatementLine) => (line as unknown as Record<string, unknown>)[column.name];
  const parts = column.field ? LINE_CELLS.filter((cell) => cell.field === column.field && cell.part !== null) : [];
  if (parts.length === 0) return [{ header: snakeCase(column.name), cell: (line: StatementLine) => value(line) as CsvCell }];
  return parts.map((cell) => ({
    header: `${snakeCase(column.name)}_${snakeCase(cell.part as string)}`,
    cell: (line: StatementLine) => (value(line) as Record<string, CsvCell>)[cell.part as string],
  }));
});

export const STATEMENT_CSV_HEADER: readonly string[] = CSV_COLUMNS.map((column) => column.header);

export function statementCsvRow(line: StatementLine): CsvCell[] {
  return CSV_COLUMNS.map((column) => column.cell(line));
}
