import { writeCsv } from '@ledger/platform/csv';
import type { StatementView } from './get-partner-statement.query';
import { STATEMENT_CSV_HEADER, statementCsvRow } from './statement-columns';

/**
 * The statement as CSV (RFC 4180), one row per line, for spreadsheets and finance tools. Ids,
 * descriptions and actors come from upstream or from API keys: writeCsv escapes any cell that a
 * spreadsheet would run as a formula (negative amounts get the leading "'" too, SPEC §5).
 */
export function statementToCsv(view: StatementView): string {
  return writeCsv(STATEMENT_CSV_HEADER, view.lines.map(statementCsvRow));
}
