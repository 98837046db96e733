import type { Migration } from '@ledger/platform/sql';

/** The risk read model's schema, in order; RISK_TABLES names every table these create. */
export const RISK_MIGRATIONS: readonly Migration[] = [
  {
    id: 'risk/0001-read-model',
    sql: `
CREATE TABLE risk_state (
  kind  text NOT NULL,
  key   text NOT NULL,
  value text NOT NULL,
  PRIMARY KEY (kind, key)
);
CREATE TABLE risk_flags (
  flag_id         text        PRIMARY KEY,
  position        bigint      NOT NULL,
  conversion_id   text        NOT NULL,
  partner_id      text        NOT NULL,
  policy_version  text        NOT NULL,
  signals         text        NOT NULL,
  flagged_at      timestamptz NOT NULL,
  status          text        NOT NULL,
  decision        text
);
CREATE INDEX risk_flags_by_status ON risk_flags (status, position);
CREATE INDEX risk_flags_by_partner ON risk_flags (partner_id, position);
CREATE TABLE risk_policies (
  adoption_id  text        PRIMARY KEY,
  position     bigint      NOT NULL,
  version      text        NOT NULL,
  policy       text        NOT NULL,
  adopted_at   timestamptz NOT NULL,
  adopted_by   text        NOT NULL,
  reason       text
);
CREATE TABLE risk_disputes (
  dispute_id     text        PRIMARY KEY,
  position       bigint      NOT NULL,
  partner_id     text        NOT NULL,
  conversion_id  text,
  line_id        text,
  message        text        NOT NULL,
  opened_at      timestamptz NOT NULL,
  opened_by      text        NOT NULL,
  status         text        NOT NULL,
  resolution     text
);
CREATE INDEX risk_disputes_by_status ON risk_disputes (status, position);
CREATE INDEX risk_disputes_by_partner ON risk_disputes (partner_id, position);
`,
  },
];
