import type { RangeCover } from '@ledger/reporting/domain';

/*
 * SQL conditions for the two kinds of piece of a RangeCover (report-periods.ts): whole periods read
 * from a rollup table by its primary key, and partial days read from the rows by their time index.
 * Values go in as parameters (appended to `params`); the level is one of three fixed words.
 */

/** Rollup rows (alias `r`, columns level and period_start) of the cover's whole periods; `false` when there are none. */
export function spansCondition(cover: RangeCover, params: unknown[]): string {
  if (cover.spans.length === 0) return 'false';
  return cover.spans
    .map((span) => {
      params.push(span.from, span.until);
      return `(r.level = '${span.level}' AND r.period_start >= $${params.length - 1}::date AND r.period_start < $${params.length}::date)`;
    })
    .join(' OR ');
}

/** Rows (alias `c`, column `column`) of the cover's partial days; `false` when there are none. */
export function rowsCondition(cover: RangeCover, params: unknown[], column = 'occurred_at'): string {
  if (cover.rows.length === 0) return 'false';
  return cover.rows
    .map((rows) => {
      params.push(rows.from, rows.until);
      return `(c.${column} >= $${params.length - 1}::timestamptz AND c.${column} < $${params.length}::timestamptz)`;
    })
    .join(' OR ');
}
