import type { Migration } from '@ledger/platform/sql';

/** The attribution read model's schema, in order; ATTRIBUTION_TABLES names every table these create. */
export const ATTRIBUTION_MIGRATIONS: readonly Migration[] = [
  // As the release before numbered migrations created it, word for word (IF NOT EXISTS adopts its databases).
  {
    id: 'attribution/0001-read-model',
    sql: `
CREATE TABLE IF NOT EXISTS attribution_touch_state (
  kind  text NOT NULL,
  key   text NOT NULL,
  value text NOT NULL,
  PRIMARY KEY (kind, key)
);
CREATE TABLE IF NOT EXISTS attribution_decisions (
  conversion_id   text   NOT NULL,
  cause_source    text   NOT NULL,
  cause_id        text   NOT NULL,
  position        bigint NOT NULL,
  policy_version  text   NOT NULL,
  decision        text   NOT NULL,
  PRIMARY KEY (cause_source, cause_id)
);
CREATE INDEX IF NOT EXISTS attribution_decisions_by_conversion ON attribution_decisions (conversion_id, position);
-- Decisions a policy adoption replaced, oldest first: the conversion's attribution keeps its history.
ALTER TABLE attribution_decisions ADD COLUMN IF NOT EXISTS replaced text NOT NULL DEFAULT '[]';
CREATE TABLE IF NOT EXISTS attribution_policies (
  adoption_id          text        PRIMARY KEY,
  position             bigint      NOT NULL,
  version              text        NOT NULL,
  effective_from       timestamptz NOT NULL,
  adopted_at           timestamptz NOT NULL,
  adopted_by           text        NOT NULL,
  reason               text,
  policy               text        NOT NULL,
  revised_conversions  integer     NOT NULL
);
`,
  },
  // Set when finance retracts the adoption: {retractionId, retractedAt, retractedBy, reason, revisedConversions}.
  {
    id: 'attribution/0002-policy-retraction',
    sql: 'ALTER TABLE attribution_policies ADD COLUMN retraction text',
  },
];
