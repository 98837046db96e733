/**
 * Read model of the ledger. `ledger_lines` is the journal: one row per posting, hash-chained per
 * partner, never updated or deleted (a trigger refuses it; a rebuild drops the table). The fold's
 * state, the chain heads and the exceptions are written in the transaction that moves the checkpoint.
 */
export const LEDGER_SCHEMA = `
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
`;

export const LEDGER_TABLES = ['ledger_lines', 'ledger_state', 'ledger_chain_heads', 'ledger_exceptions'];

/** Columns of ledger_lines in insert order, with the SQL array type each is sent as. */
export const LINE_COLUMNS: Array<[string, string]> = [
  ['line_id', 'text'],
  ['transaction_id', 'text'],
  ['partner_id', 'text'],
  ['seq', 'integer'],
  ['kind', 'text'],
  ['account', 'text'],
  ['currency', 'text'],
  ['debit', 'numeric'],
  ['credit', 'numeric'],
  ['occurred_at', 'timestamptz'],
  ['recorded_at', 'timestamptz'],
  ['payable_at', 'timestamptz'],
  ['cause_type', 'text'],
  ['cause_source', 'text'],
  ['cause_id', 'text'],
  ['cause_position', 'bigint'],
  ['conversion_id', 'text'],
  ['policy_version', 'text'],
  ['plan_version', 'text'],
  ['tier', 'text'],
  ['rate', 'text'],
  ['description', 'text'],
  ['actor', 'text'],
  ['prev_hash', 'text'],
  ['hash', 'text'],
  ['replaced_policy_version', 'text'],
];
