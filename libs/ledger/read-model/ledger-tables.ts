import { KeyedStateTable } from '@ledger/platform/projections';
import type { Migration } from '@ledger/platform/sql';
import { LEDGER_LIST_TABLES, LEDGER_LIST_TABLES_SQL } from './ledger-list-schema';
import { LEDGER_READ_MODEL_TABLES, LEDGER_READ_MODEL_TABLES_SQL } from './ledger-read-model-schema';

/**
 * Read model of the ledger. `ledger_lines` is the journal: one row per posting, hash-chained per
 * partner, never updated or deleted (a trigger refuses it; a rebuild drops the table). The fold's
 * state, the chain heads and the exceptions are written in the transaction that moves the checkpoint.
 * The schema is LEDGER_MIGRATIONS, in order; LEDGER_TABLES names every table they create (a
 * rebuild drops those and migrates afresh). 0001 is the schema of the release before numbered
 * migrations, word for word, so it adopts its databases (IF NOT EXISTS, in 0001 only).
 */
export const LEDGER_MIGRATIONS: readonly Migration[] = [
  {
    id: 'ledger/0001-journal',
    sql: `
CREATE TABLE IF NOT EXISTS ledger_lines (
  line_id         text        PRIMARY KEY,
  transaction_id  text        NOT NULL,
  partner_id      text        NOT NULL,
  seq             integer     NOT NULL,
  kind            text        NOT NULL,
  account         text        NOT NULL,
  currency        text        NOT NULL,
  debit           numeric     NOT NULL,
  credit          numeric     NOT NULL,
  occurred_at     timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL,
  payable_at      timestamptz NOT NULL,
  cause_type      text        NOT NULL,
  cause_source    text        NOT NULL,
  cause_id        text        NOT NULL,
  cause_position  bigint      NOT NULL,
  conversion_id   text,
  policy_version  text,
  plan_version    text,
  tier            text,
  rate            text,
  description     text        NOT NULL,
  actor           text,
  prev_hash       text        NOT NULL,
  hash            text        NOT NULL,
  UNIQUE (partner_id, seq)
);
-- Added with policy adoption; ledgers created before get the column on start.
ALTER TABLE ledger_lines ADD COLUMN IF NOT EXISTS replaced_policy_version text;
CREATE INDEX IF NOT EXISTS ledger_lines_by_account ON ledger_lines (account, partner_id, occurred_at);
CREATE OR REPLACE FUNCTION ledger_lines_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_lines is append-only: % is refused (rebuild the projection instead)', TG_OP;
END
$$;
CREATE OR REPLACE TRIGGER ledger_lines_no_update_delete
  BEFORE UPDATE OR DELETE ON ledger_lines FOR EACH ROW EXECUTE FUNCTION ledger_lines_append_only();
CREATE TABLE IF NOT EXISTS ledger_state (
  kind  text NOT NULL,
  key   text NOT NULL,
  value text NOT NULL,
  PRIMARY KEY (kind, key)
);
CREATE TABLE IF NOT EXISTS ledger_chain_heads (
  partner_id text    PRIMARY KEY,
  seq        integer NOT NULL,
  hash       text    NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_exceptions (
  cause_position bigint  NOT NULL,
  ordinal        integer NOT NULL,
  cause_type     text    NOT NULL,
  cause_source   text    NOT NULL,
  cause_id       text    NOT NULL,
  message        text    NOT NULL,
  PRIMARY KEY (cause_position, ordinal)
);
`,
  },
  { id: 'ledger/0002-read-model-tables', sql: LEDGER_READ_MODEL_TABLES_SQL },
  { id: 'ledger/0003-list-tables', sql: LEDGER_LIST_TABLES_SQL },
];

export const LEDGER_TABLES = [
  'ledger_lines',
  'ledger_state',
  'ledger_chain_heads',
  'ledger_exceptions',
  ...LEDGER_READ_MODEL_TABLES,
  ...LEDGER_LIST_TABLES,
];

/** The fold's resume state, one JSON row per entity. */
export const LEDGER_STATE_TABLE = new KeyedStateTable('ledger_state');
