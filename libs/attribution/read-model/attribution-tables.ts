/**
 * Read model of the attribution projection: the touch state the pure engine folds (one JSON row
 * per entity), the decisions in force (a revision replaces its conversion's row) and the adopted
 * policies. All are written in the transaction that moves the projection's checkpoint.
 */
export const ATTRIBUTION_SCHEMA = `
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
-- Set when finance retracts the adoption: {retractionId, retractedAt, retractedBy, reason, revisedConversions}.
ALTER TABLE attribution_policies ADD COLUMN IF NOT EXISTS retraction text;
`;

export const ATTRIBUTION_TABLES = ['attribution_touch_state', 'attribution_decisions', 'attribution_policies'];
