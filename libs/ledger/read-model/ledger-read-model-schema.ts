/**
 * The ledger's query tables, written from the fold's changed entities in the transaction of their
 * lines (ledger-query-tables.ts); queries read these, never the fold's resume state `ledger_state`.
 * Also the line's explicit hash version. One migration, after the journal's: on a ledger written
 * before it, every line is version 1 and the tables are filled once from the resume state.
 */
export const LEDGER_READ_MODEL_TABLES_SQL = `
ALTER TABLE ledger_lines ADD COLUMN hash_version integer NOT NULL DEFAULT 1;
-- The default only labels the lines already written; every insert names its version.
ALTER TABLE ledger_lines ALTER COLUMN hash_version DROP DEFAULT;

CREATE TABLE ledger_partners (
  partner_id    text        PRIMARY KEY,
  name          text,
  partner_type  text,
  enrolled_at   timestamptz,
  tier          text        NOT NULL,
  -- Business time from which the current tier is in force.
  since         timestamptz,
  -- TierStats: sourcedConversions, certifications, creditedRevenue per currency.
  stats         json        NOT NULL,
  history       json        NOT NULL,
  withdrawn     json        NOT NULL
);

-- One row per partner credited on a booked conversion: the commission of the decision in force.
CREATE TABLE ledger_conversion_commissions (
  conversion_id   text        NOT NULL,
  partner_id      text        NOT NULL,
  currency        text        NOT NULL,
  -- The conversion's decision in force (an adoption's revision replaces it) and the plan the accrual was booked under.
  policy_version  text        NOT NULL,
  plan_version    text        NOT NULL,
  revenue         numeric,
  commission      numeric     NOT NULL,
  tier            text        NOT NULL,
  rate            text        NOT NULL,
  payable_at      timestamptz NOT NULL,
  clawed_back     numeric     NOT NULL,
  PRIMARY KEY (conversion_id, partner_id)
);

-- A ledger written before these tables: filled once from the fold's resume state (older entities may lack later fields).
INSERT INTO ledger_partners (partner_id, name, partner_type, enrolled_at, tier, since, stats, history, withdrawn)
SELECT key, v->>'name', v->>'partnerType', (v->>'enrolledAt')::timestamptz, COALESCE(v->>'tier', 'registered'),
       (SELECT (change->>'at')::timestamptz FROM json_array_elements(v->'history') WITH ORDINALITY AS h(change, n)
         WHERE change->>'to' = v->>'tier' ORDER BY n DESC LIMIT 1),
       COALESCE(v->'stats', '{"sourcedConversions":0,"certifications":[],"creditedRevenue":{}}'::json),
       COALESCE(v->'history', '[]'::json), COALESCE(v->'withdrawn', '[]'::json)
  FROM (SELECT key, value::json AS v FROM ledger_state WHERE kind = 'partner') AS partners;

INSERT INTO ledger_conversion_commissions
  (conversion_id, partner_id, currency, policy_version, plan_version, revenue, commission, tier, rate, payable_at, clawed_back)
SELECT key, accrual->>'partnerId', v->>'currency', v->>'policyVersion', COALESCE(accrual->>'planVersion', v->>'planVersion'),
       (accrual->>'revenue')::numeric, (accrual->>'commission')::numeric, accrual->>'tier', accrual->>'rate',
       (accrual->>'payableAt')::timestamptz, COALESCE((accrual->>'clawedBack')::numeric, 0)
  FROM (SELECT key, value::json AS v FROM ledger_state WHERE kind = 'conversion') AS conversions,
       json_array_elements(v->'accruals') AS accrual;
`;

/** The tables LEDGER_READ_MODEL_TABLES_SQL creates (a rebuild drops them with the others). */
export const LEDGER_READ_MODEL_TABLES = ['ledger_partners', 'ledger_conversion_commissions'];
