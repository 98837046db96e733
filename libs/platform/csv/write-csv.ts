import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | null | undefined;

/**
 * Every CSV the product writes (statements, simulation diffs, over HTTP and from the CLI) goes
 * through here: RFC 4180 quoting, and SPEC §5's formula escaping, so a spreadsheet never runs a
 * cell as a formula. A cell beginning with "=", "+", "-", "@", a tab or a carriage return (or the
 * full-width ＝ ＋ － ＠ some spreadsheets also accept) is written with a leading "'": an upstream
 * id "=HYPERLINK(...)" arrives as text. That includes negative amounts ("-12.50" is written
 * "'-12.50"), as the rule holds for every cell. The escaping is csv-stringify's own
 * `escape_formulas`; every cell is made a string first, because that option leaves numbers alone.
 * null and undefined are empty cells.
 */
export function writeCsv(columns: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  return stringify(cells, { header: true, columns: [...columns], escape_formulas: true });
}
