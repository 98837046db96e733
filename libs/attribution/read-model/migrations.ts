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
  // Deal registrations for GET /v1/partners/{id}/deals: a partner's in registration order (issue 17).
  {
    id: 'attribution/0003-deals',
    sql: `
CREATE TABLE attribution_deals (
  deal_id           text        PRIMARY KEY,
  partner_id        text        NOT NULL,
  account_domain    text        NOT NULL,
  registered_at     timestamptz NOT NULL,
  position          bigint      NOT NULL,
  approved_at       timestamptz,
  -- Until when it holds its domain: the protection's end once approved, else the pending period's.
  hold_until        timestamptz NOT NULL,
  rejected_at       timestamptz,
  rejection_reason  text,
  automatic         boolean     NOT NULL,
  lost_at           timestamptz,
  lost_reason       text,
  won_at            timestamptz,
  won_conversion_id text
);
CREATE INDEX attribution_deals_by_partner ON attribution_deals (partner_id, position, deal_id);
-- A read model written before this table: filled once from the engine's state (protectionDays: the default policy's 90
-- days while pending; which conversions the registrations won is not kept there).
INSERT INTO attribution_deals (deal_id, partner_id, account_domain, registered_at, position, approved_at, hold_until, rejected_at,
                               rejection_reason, automatic, lost_at, lost_reason)
SELECT key, v->>'partnerId', v->>'domain', to_timestamp((v->>'registeredAt')::bigint / 1000.0), (v->>'position')::bigint,
       to_timestamp((v->>'approvedAt')::bigint / 1000.0),
       to_timestamp(((v->>'registeredAt')::bigint + 86400000::bigint *
         CASE WHEN v->>'approvedAt' IS NULL THEN 90 ELSE (v->>'protectionDays')::bigint END
         + CASE WHEN v->>'approvedAt' IS NULL THEN 0 ELSE (v->>'approvedAt')::bigint - (v->>'registeredAt')::bigint END) / 1000.0),
       to_timestamp((v->>'rejectedAt')::bigint / 1000.0), v->>'rejectionReason', COALESCE((v->>'automatic')::boolean, false),
       to_timestamp((v->>'lostAt')::bigint / 1000.0), v->>'lostReason'
  FROM (SELECT key, value::json AS v FROM attribution_touch_state WHERE kind = 'deal') AS deals;
`,
  },
];
