import type { Migration } from '@ledger/platform/sql';
import { REPORT_ROLLUP_TABLES_SQL, REPORT_ROLLUPS_BACKFILL_SQL } from './report-rollups';

/** The reports' read model schema, in order; REPORTING_TABLES names every table these create. */
export const REPORTING_MIGRATIONS: readonly Migration[] = [
  // As the release before numbered migrations created it, word for word (IF NOT EXISTS adopts its databases).
  {
    id: 'reporting/0001-read-model',
    sql: `
CREATE TABLE IF NOT EXISTS report_conversions (
  conversion_id   text        PRIMARY KEY,
  conversion_type text        NOT NULL,
  customer_id     text        NOT NULL,
  occurred_at     timestamptz NOT NULL,
  month           text        NOT NULL,
  currency        text        NOT NULL,
  amount          numeric     NOT NULL,
  credited        boolean     NOT NULL,
  influenced      boolean     NOT NULL
);
CREATE INDEX IF NOT EXISTS report_conversions_by_time ON report_conversions (occurred_at);
CREATE TABLE IF NOT EXISTS report_credits (
  conversion_id   text        NOT NULL,
  partner_id      text        NOT NULL,
  partner_type    text        NOT NULL,
  conversion_type text        NOT NULL,
  occurred_at     timestamptz NOT NULL,
  month           text        NOT NULL,
  currency        text        NOT NULL,
  revenue         numeric     NOT NULL,
  PRIMARY KEY (conversion_id, partner_id)
);
CREATE INDEX IF NOT EXISTS report_credits_by_time ON report_credits (occurred_at);
CREATE TABLE IF NOT EXISTS report_state (
  kind  text NOT NULL,
  key   text NOT NULL,
  value text NOT NULL,
  PRIMARY KEY (kind, key)
);
`,
  },
  // Rollups and KPI rows (issue 16): a report reads periods, not conversions; filled once from what 0001 holds.
  { id: 'reporting/0002-rollups', sql: REPORT_ROLLUP_TABLES_SQL + REPORT_ROLLUPS_BACKFILL_SQL },
];
