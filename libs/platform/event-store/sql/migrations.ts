import type { Migration } from '@ledger/platform/sql';

/**
 * Appends whose cost does not depend on the history (issue 16). Before, an append read each
 * touched stream's revision as max(revision) over all of its events and assembled the batch in
 * the client across four round trips under the append lock.
 *
 * - `ledger_streams` holds each stream's current revision. A statement trigger keeps it in step
 *   with every insert into `ledger_events`, whoever makes it (an older release still running during
 *   an upgrade included), in the inserting transaction.
 * - `ledger_append` does a whole append in one call: it takes the append lock, looks up the keys,
 *   the streams and the head through their indexes, checks the expected revisions, inserts, and
 *   answers one verdict per candidate (or the first failed expectation, having written nothing).
 *   Called outside an explicit transaction it is one round trip, and the lock is held only while
 *   the server works: it is released by the commit that follows the statement.
 */
const STREAMS_AND_APPEND_FUNCTION = `
-- The append lock (the key SqlEventStore has always used): no append runs while the streams are
-- counted, so none can slip in between the backfill and the trigger.
SELECT pg_advisory_xact_lock(7245001);

CREATE TABLE ledger_streams (
  stream_id text   PRIMARY KEY,
  revision  bigint NOT NULL
) WITH (fillfactor = 70);

INSERT INTO ledger_streams (stream_id, revision)
SELECT stream_id, max(revision) FROM ledger_events GROUP BY stream_id;

CREATE FUNCTION ledger_streams_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_streams AS s (stream_id, revision)
  SELECT a.stream_id, max(a.revision) FROM appended a GROUP BY a.stream_id
  ON CONFLICT (stream_id) DO UPDATE SET revision = greatest(s.revision, excluded.revision);
  RETURN NULL;
END
$$;

CREATE TRIGGER ledger_events_track_streams AFTER INSERT ON ledger_events
  REFERENCING NEW TABLE AS appended FOR EACH STATEMENT EXECUTE FUNCTION ledger_streams_track();

-- expected_revisions: NULL = any, -1 = no stream yet, n = the stream's last revision.
-- Answers (candidate, verdict, position, revision) per candidate, candidate counted from 1:
-- accepted (its position and revision), duplicate or conflict (the stored event's position, or
-- that of the first candidate of the batch with the same key); or one row
-- (candidate, 'wrong_revision', expected, actual) and nothing written.
CREATE FUNCTION ledger_append(
  stream_ids text[], expected_revisions bigint[], sources text[], event_ids text[], types text[],
  business_times timestamptz[], content_hashes text[], envelopes text[], recorded_ats timestamptz[])
RETURNS TABLE (candidate bigint, verdict text, at_position bigint, at_revision bigint)
LANGUAGE plpgsql
-- Every lookup goes through an index whatever the table sizes were when the plan was cached
-- (PGlite never analyzes, so a plan made on an empty store would otherwise scan forever).
SET enable_seqscan = off
AS $$
BEGIN
  -- Each statement below must read with a snapshot taken after the lock; only READ COMMITTED does.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'ledger_append needs READ COMMITTED isolation, not %', current_setting('transaction_isolation');
  END IF;
  PERFORM pg_advisory_xact_lock(7245001);
  RETURN QUERY
  WITH batch AS MATERIALIZED (
    SELECT b.*, stored.position AS stored_position, stored.content_hash AS stored_hash,
           min(b.i) OVER same_key AS first_i, first_value(b.content_hash) OVER same_key AS first_hash,
           (SELECT s.revision FROM ledger_streams s WHERE s.stream_id = b.stream_id) AS stream_revision
      FROM unnest(stream_ids, expected_revisions, sources, event_ids, types, business_times, content_hashes, envelopes, recorded_ats)
             WITH ORDINALITY AS b(stream_id, expected, source, event_id, type, business_time, content_hash, envelope, recorded_at, i)
      LEFT JOIN LATERAL (SELECT e.position, e.content_hash FROM ledger_events e
                          WHERE e.source = b.source AND e.event_id = b.event_id OFFSET 0) stored ON true
    WINDOW same_key AS (PARTITION BY b.source, b.event_id ORDER BY b.i)
  ), fresh AS (
    -- New events: no stored event under their key, and the first of the batch with it.
    SELECT batch.*, batch.stored_position IS NULL AND batch.first_i = batch.i AS is_new FROM batch
  ), numbered AS (
    SELECT f.*,
           (SELECT coalesce(max(e.position), 0) FROM ledger_events e)
             + count(*) FILTER (WHERE f.is_new) OVER (ORDER BY f.i) AS new_position,
           coalesce(f.stream_revision, -1)
             + count(*) FILTER (WHERE f.is_new) OVER (PARTITION BY f.stream_id ORDER BY f.i) AS new_revision
      FROM fresh f
  ), decided AS (
    SELECT n.*, first_value(n.new_position) OVER (PARTITION BY n.source, n.event_id ORDER BY n.i) AS first_position
      FROM numbered n
  ), failed AS (
    SELECT d.i, d.expected, d.new_revision - 1 AS actual FROM decided d
     WHERE d.is_new AND d.expected <> d.new_revision - 1
     ORDER BY d.i LIMIT 1
  ), inserted AS (
    -- clock_timestamp() is read under the lock: recorded time never goes backwards along the
    -- global order. Only a copy from another store brings its own (its source's, in that order).
    INSERT INTO ledger_events
      (position, stream_id, revision, source, event_id, type, business_time, recorded_at, content_hash, envelope)
    SELECT d.new_position, d.stream_id, d.new_revision, d.source, d.event_id, d.type, d.business_time,
           coalesce(d.recorded_at, clock_timestamp()), d.content_hash, d.envelope
      FROM decided d
     WHERE d.is_new AND NOT EXISTS (SELECT FROM failed)
  )
  SELECT f.i, 'wrong_revision', f.expected, f.actual FROM failed f
  UNION ALL
  SELECT d.i,
         CASE WHEN d.is_new THEN 'accepted'
              WHEN coalesce(d.stored_hash, d.first_hash) = d.content_hash THEN 'duplicate'
              ELSE 'conflict' END,
         CASE WHEN d.is_new THEN d.new_position ELSE coalesce(d.stored_position, d.first_position) END,
         CASE WHEN d.is_new THEN d.new_revision END
    FROM decided d
   WHERE NOT EXISTS (SELECT FROM failed);
END
$$;
`;

/**
 * The events table shared by the embedded (PGlite) and PostgreSQL adapters.
 * - `position` is dense and assigned under an exclusive append lock (see docs/event-store.md).
 * - `envelope` keeps the event exactly as validated; `content_hash` decides duplicate vs conflict.
 * - Triggers make the table append-only even for someone with SQL access.
 * - `ledger_streams` (0002) holds each stream's current revision; `ledger_append` (0002) appends.
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
  {
    id: 'event-store/0002-streams-and-append-function',
    sql: STREAMS_AND_APPEND_FUNCTION,
  },
];
