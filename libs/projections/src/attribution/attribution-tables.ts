/**
 * Read model of the attribution projection: the touch state the pure engine folds (one JSON row
 * per entity) and the recorded decisions. Both are written in the transaction that moves the
 * projection's checkpoint.
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
`;
