import type { Migration } from '@ledger/platform/sql';

/**
 * The events table shared by the embedded (PGlite) and PostgreSQL adapters.
 * - `position` is dense and assigned under an exclusive append lock (see docs/event-store.md).
 * - `envelope` keeps the event exactly as validated; `content_hash` decides duplicate vs conflict.
 * - Triggers make the table append-only even for someone with SQL access.
 *
 * 0001 is the schema the release before numbered migrations created, word for word, so it also
 * adopts a store that release made (hence IF NOT EXISTS and CREATE OR REPLACE, in 0001 only).
 */
export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'event-store/0001-ledger-events',
    sql: `
CREATE TABLE IF NOT EXISTS ledger_events (
  position      bigint      PRIMARY KEY,
  stream_id     text        NOT NULL,
  revision      bigint      NOT NULL,
  source        text        NOT NULL,
  event_id      text        NOT NULL,
  type          text        NOT NULL,
  business_time timestamptz NOT NULL,
  recorded_at   timestamptz NOT NULL,
  content_hash  text        NOT NULL,
  envelope      text        NOT NULL,
  CONSTRAINT ledger_events_stream_revision UNIQUE (stream_id, revision),
  CONSTRAINT ledger_events_idempotency_key UNIQUE (source, event_id)
);

CREATE OR REPLACE FUNCTION ledger_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_events is append-only: % is not allowed', TG_OP;
END
$$;

CREATE OR REPLACE TRIGGER ledger_events_no_update_delete
  BEFORE UPDATE OR DELETE ON ledger_events FOR EACH ROW EXECUTE FUNCTION ledger_events_append_only();
CREATE OR REPLACE TRIGGER ledger_events_no_truncate
  BEFORE TRUNCATE ON ledger_events FOR EACH STATEMENT EXECUTE FUNCTION ledger_events_append_only();
`,
  },
];
