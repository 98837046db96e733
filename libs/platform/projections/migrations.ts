import type { Migration } from '@ledger/platform/sql';

/**
 * Tables of the projection runtime itself, shared by every projection: where each stands, and
 * the events it skipped. A rebuild empties their rows for the projections it resets, never the tables.
 */
export const PROJECTION_RUNTIME_MIGRATIONS: readonly Migration[] = [
  // As the release before numbered migrations created it (IF NOT EXISTS adopts its databases).
  {
    id: 'projections/0001-checkpoints',
    sql: `CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name     text   PRIMARY KEY,
  position bigint NOT NULL
)`,
  },
  // Events a projection could not apply, recorded and skipped (SPEC §1).
  {
    id: 'projections/0002-exceptions',
    sql: `CREATE TABLE projection_exceptions (
  projection   text        NOT NULL,
  position     bigint      NOT NULL,
  event_id     text        NOT NULL,
  event_source text        NOT NULL,
  event_type   text        NOT NULL,
  error        text        NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (projection, position)
)`,
  },
];
