/**
 * The tables the list endpoints page through (SPEC §5 lists), each with the index its keyset needs:
 * a page reads `WHERE (key) > (cursor) ORDER BY key LIMIT n + 1` and costs the same at any depth.
 * Written in the transaction of the ledger's lines (ledger-query-tables.ts, ledger-list-tables.ts).
 * On a ledger written before them they are filled once from what it holds: the resume state and
 * the journal (a run's minimum and requester, an adjustment's actor and a partner's status are not
 * in those and stay empty or `active` until a rebuild).
 */
export const LEDGER_LIST_TABLES_SQL = `
-- A statement page: the partner's commission lines in statement order, from the cursor on.
CREATE INDEX ledger_lines_statement_order ON ledger_lines (partner_id, account, occurred_at, cause_position, seq);

-- Partner status (partner.status_changed; the latest by business time) and the list filters.
ALTER TABLE ledger_partners ADD COLUMN status text NOT NULL DEFAULT 'active';
ALTER TABLE ledger_partners ADD COLUMN status_at timestamptz;
CREATE INDEX ledger_partners_by_type ON ledger_partners (partner_type, partner_id);
CREATE INDEX ledger_partners_by_tier ON ledger_partners (tier, partner_id);
CREATE INDEX ledger_partners_by_status ON ledger_partners (status, partner_id);

-- One row per booked conversion: the decision in force (credits: partnerId, weight, revenue).
CREATE TABLE ledger_conversions (
  conversion_id   text        PRIMARY KEY,
  conversion_type text        NOT NULL,
  customer_id     text,
  occurred_at     timestamptz NOT NULL,
  currency        text        NOT NULL,
  amount          numeric     NOT NULL,
  refunded        numeric     NOT NULL,
  policy_version  text        NOT NULL,
  plan_version    text        NOT NULL,
  credits         json        NOT NULL
);
CREATE INDEX ledger_conversions_by_time ON ledger_conversions (occurred_at, conversion_id);
CREATE INDEX ledger_conversions_by_customer ON ledger_conversions (customer_id, occurred_at, conversion_id);
ALTER TABLE ledger_conversion_commissions ADD COLUMN occurred_at timestamptz;
CREATE INDEX ledger_conversion_commissions_by_partner ON ledger_conversion_commissions (partner_id, occurred_at, conversion_id);

CREATE TABLE ledger_payout_runs (
  run_id        text        PRIMARY KEY,
  position      bigint      NOT NULL UNIQUE,
  as_of         timestamptz NOT NULL,
  minimum       json        NOT NULL,
  requested_by  json
);

CREATE TABLE ledger_payouts (
  payout_id     text        PRIMARY KEY,
  run_id        text        NOT NULL,
  partner_id    text        NOT NULL,
  currency      text        NOT NULL,
  amount        numeric     NOT NULL,
  status        text        NOT NULL,
  scheduled_at  timestamptz,
  confirmed_at  timestamptz
);
CREATE INDEX ledger_payouts_by_run ON ledger_payouts (run_id, payout_id);

CREATE TABLE ledger_adjustments (
  adjustment_id text        PRIMARY KEY,
  position      bigint      NOT NULL UNIQUE,
  partner_id    text        NOT NULL,
  currency      text        NOT NULL,
  amount        numeric     NOT NULL,
  reason        text        NOT NULL,
  actor         json,
  occurred_at   timestamptz NOT NULL,
  recorded_at   timestamptz NOT NULL
);
CREATE INDEX ledger_adjustments_by_partner ON ledger_adjustments (partner_id, position);

-- A ledger written before these tables: filled once.
INSERT INTO ledger_conversions
  (conversion_id, conversion_type, customer_id, occurred_at, currency, amount, refunded, policy_version, plan_version, credits)
SELECT key, v->>'conversionType', v->>'customerId', (v->>'conversionTime')::timestamptz, v->>'currency', (v->>'amount')::numeric,
       COALESCE((v->>'refunded')::numeric, 0), v->>'policyVersion', v->>'planVersion', COALESCE(v->'credits', '[]'::json)
  FROM (SELECT key, value::json AS v FROM ledger_state WHERE kind = 'conversion') AS conversions;
UPDATE ledger_conversion_commissions AS c SET occurred_at = v.occurred_at
  FROM ledger_conversions AS v WHERE v.conversion_id = c.conversion_id;

INSERT INTO ledger_payouts (payout_id, run_id, partner_id, currency, amount, status, scheduled_at, confirmed_at)
SELECT key, v->>'runId', v->>'partnerId', v->>'currency', (v->>'amount')::numeric, v->>'status',
       (v->>'scheduledAt')::timestamptz, (v->>'confirmedAt')::timestamptz
  FROM (SELECT key, value::json AS v FROM ledger_state WHERE kind = 'payout') AS payouts;

INSERT INTO ledger_payout_runs (run_id, position, as_of, minimum, requested_by)
SELECT cause_id, MIN(cause_position), MIN(occurred_at), '{}'::json, NULL
  FROM ledger_lines WHERE kind = 'payout' AND cause_type = 'payout.run_scheduled' AND account = 'partner_commission'
 GROUP BY cause_id;

INSERT INTO ledger_adjustments (adjustment_id, position, partner_id, currency, amount, reason, actor, occurred_at, recorded_at)
SELECT substr(transaction_id, 12), cause_position, partner_id, currency, credit - debit,
       substr(description, strpos(description, ': ') + 2), NULL, occurred_at, recorded_at
  FROM ledger_lines WHERE kind = 'adjustment' AND account = 'partner_commission';
`;

/** The tables LEDGER_LIST_TABLES_SQL creates (a rebuild drops them with the others). */
export const LEDGER_LIST_TABLES = ['ledger_conversions', 'ledger_payout_runs', 'ledger_payouts', 'ledger_adjustments'];
