import { LINE_CELLS, lineFromCells, type CellValue, type LedgerLine } from '@ledger/ledger/domain';
import type { SqlExecutor } from '@ledger/platform/sql';

/*
 * ledger_lines rows, derived from the line's field table (LEDGER_LINE_FIELDS): one column per cell,
 * in table order. Nothing here names a field.
 */

/** A ledger_lines row as the drivers return it (numeric as string, timestamptz as Date, bigint as string or number). */
export type LedgerLineRow = Readonly<Record<string, unknown>>;

/** The columns of ledger_lines, for a SELECT list. */
export const LINE_COLUMN_LIST = LINE_CELLS.map((cell) => cell.column).join(', ');

/** The row a line is stored as, by column (times as ISO strings). */
export function lineToRow(line: LedgerLine): Record<string, CellValue> {
  return Object.fromEntries(LINE_CELLS.map((cell) => [cell.column, cell.get(line)]));
}

/** Rebuilds the line exactly as it was hashed, so verification can recompute its hash from the columns. */
export function rowToLine(row: LedgerLineRow): LedgerLine {
  return lineFromCells((cell) => row[cell.column]);
}

/** Appends lines to the journal: one `unnest` array per column, cast to the column's type. */
export async function insertLines(tx: SqlExecutor, lines: readonly LedgerLine[]): Promise<void> {
  if (lines.length === 0) return;
  const arrays = LINE_CELLS.map((cell, index) => `$${index + 1}::${cell.sql}[]`).join(', ');
  await tx.query(
    `INSERT INTO ledger_lines (${LINE_COLUMN_LIST}) SELECT * FROM unnest(${arrays})`,
    LINE_CELLS.map((cell) => lines.map((line) => cell.get(line))),
  );
}
