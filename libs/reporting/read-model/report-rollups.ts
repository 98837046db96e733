import { activityGaps, inactivePeriods, type PartnerProfile } from '@ledger/reporting/domain';
import type { SqlExecutor } from '@ledger/platform/sql';

/*
 * Rollups the reports read instead of the rows (docs/reports.md, "How the reports stay fast").
 * They are derived from report_conversions and report_credits in the transaction that writes those
 * rows: the contributions of the rows a batch is about to change are taken out first, and the rows
 * the batch wrote are added back after, read from the tables themselves, so a rollup is always the
 * sum of the rows it stands for (the differential spec checks it against the old full scans).
 */

/**
 * Activity gaps kept per partner: consecutive activity days at least this many days apart. The
 * retention window (12 calendar months back from asOf) is at least 365 days long, so every gap
 * that can hide a partner's activity from it is kept.
 */
export const ACTIVITY_GAP_DAYS = 365;

/** The day, month and year (UTC) a business time falls in, one row per rollup level. */
const periodsOf = (column: string) =>
  `(VALUES ('day', date_trunc('day', ${column} AT TIME ZONE 'UTC')::date),
           ('month', date_trunc('month', ${column} AT TIME ZONE 'UTC')::date),
           ('year', date_trunc('year', ${column} AT TIME ZONE 'UTC')::date)) AS period(level, period_start)`;

type Sign = 1 | -1;

/** Adds (or takes out) the credits selected by `where` to the revenue rollup of each grouping. */
const revenueRollupSql = (where: string, sign: Sign) => `
INSERT INTO report_revenue_rollup AS r (group_by, level, period_start, currency, key, revenue, conversions)
SELECT g.group_by, period.level, period.period_start, c.currency, g.key, ${sign} * SUM(c.revenue), ${sign} * COUNT(DISTINCT c.conversion_id)
  FROM report_credits c
 CROSS JOIN LATERAL (VALUES ('partner', c.partner_id), ('partnerType', c.partner_type), ('month', c.month)) AS g(group_by, key)
 CROSS JOIN LATERAL ${periodsOf('c.occurred_at')}
 ${where}
 GROUP BY g.group_by, period.level, period.period_start, c.currency, g.key
ON CONFLICT (group_by, level, period_start, currency, key)
DO UPDATE SET revenue = r.revenue + EXCLUDED.revenue, conversions = r.conversions + EXCLUDED.conversions`;

/** Adds (or takes out) the conversions selected by `where`, by currency, type and whether credited or touched. */
const conversionRollupSql = (where: string, sign: Sign) => `
INSERT INTO report_conversion_rollup AS r (level, period_start, currency, conversion_type, credited, influenced, conversions, amount)
SELECT period.level, period.period_start, c.currency, c.conversion_type, c.credited, c.influenced, ${sign} * COUNT(*), ${sign} * SUM(c.amount)
  FROM report_conversions c
 CROSS JOIN LATERAL ${periodsOf('c.occurred_at')}
 ${where}
 GROUP BY period.level, period.period_start, c.currency, c.conversion_type, c.credited, c.influenced
ON CONFLICT (level, period_start, currency, conversion_type, credited, influenced)
DO UPDATE SET conversions = r.conversions + EXCLUDED.conversions, amount = r.amount + EXCLUDED.amount`;

/**
 * Re-derives the first credited conversion of the customers of the conversions in $1 and moves
 * their count in the customer rollup from the old first date to the new one.
 */
const CUSTOMER_FIRSTS_SQL = `
WITH affected AS (
  SELECT DISTINCT customer_id FROM report_conversions WHERE conversion_id = ANY($1::text[])
), firsts AS (
  SELECT a.customer_id, o.first_at AS old_at,
         (SELECT min(c.occurred_at) FROM report_conversions c WHERE c.customer_id = a.customer_id AND c.credited) AS new_at
    FROM affected a LEFT JOIN report_customer_first_credits o ON o.customer_id = a.customer_id
), changed AS (
  SELECT * FROM firsts WHERE new_at IS DISTINCT FROM old_at
), upserted AS (
  INSERT INTO report_customer_first_credits (customer_id, first_at) SELECT customer_id, new_at FROM changed WHERE new_at IS NOT NULL
  ON CONFLICT (customer_id) DO UPDATE SET first_at = EXCLUDED.first_at
), deleted AS (
  DELETE FROM report_customer_first_credits f USING changed WHERE f.customer_id = changed.customer_id AND changed.new_at IS NULL
)
INSERT INTO report_customer_rollup AS r (level, period_start, customers)
SELECT period.level, period.period_start, SUM(d.delta)
  FROM (SELECT new_at AS at, 1 AS delta FROM changed WHERE new_at IS NOT NULL
        UNION ALL SELECT old_at, -1 FROM changed WHERE old_at IS NOT NULL) AS d
 CROSS JOIN LATERAL ${periodsOf('d.at')}
 GROUP BY period.level, period.period_start
ON CONFLICT (level, period_start) DO UPDATE SET customers = r.customers + EXCLUDED.customers`;

/** The rollup tables and the per-partner KPI tables (their rows: REPORT_ROLLUPS_BACKFILL_SQL, then the projection). */
export const REPORT_ROLLUP_TABLES_SQL = `
-- Credited revenue per grouping (partner, partnerType, month), period (day, month, year: UTC) and currency.
CREATE TABLE report_revenue_rollup (
  group_by     text    NOT NULL,
  level        text    NOT NULL,
  period_start date    NOT NULL,
  currency     text    NOT NULL,
  key          text    NOT NULL,
  revenue      numeric NOT NULL,
  -- Distinct conversions behind the revenue (a conversion lies in one period of each level).
  conversions  bigint  NOT NULL,
  PRIMARY KEY (group_by, level, period_start, currency, key)
);
-- Every booked conversion per period, currency, type, and whether any partner was credited or touched it.
CREATE TABLE report_conversion_rollup (
  level           text    NOT NULL,
  period_start    date    NOT NULL,
  currency        text    NOT NULL,
  conversion_type text    NOT NULL,
  credited        boolean NOT NULL,
  influenced      boolean NOT NULL,
  conversions     bigint  NOT NULL,
  amount          numeric NOT NULL,
  PRIMARY KEY (level, period_start, currency, conversion_type, credited, influenced)
);
-- Each customer's first credited conversion, and how many customers had theirs in each period.
CREATE INDEX report_conversions_credited_by_customer ON report_conversions (customer_id, occurred_at) WHERE credited;
CREATE TABLE report_customer_first_credits (
  customer_id text        PRIMARY KEY,
  first_at    timestamptz NOT NULL
);
CREATE INDEX report_customer_first_credits_by_time ON report_customer_first_credits (first_at);
CREATE TABLE report_customer_rollup (
  level        text   NOT NULL,
  period_start date   NOT NULL,
  customers    bigint NOT NULL,
  PRIMARY KEY (level, period_start)
);
-- The KPI facts of each partner profile, as columns.
CREATE TABLE report_partner_profiles (
  partner_id          text        PRIMARY KEY,
  enrolled_at         timestamptz,
  first_lead_at       timestamptz,
  first_sourced_at    timestamptz,
  -- Milliseconds from enrollment to the first sourced conversion: the median walks this index.
  first_deal_after_ms bigint,
  first_activity_day  date,
  last_activity_day   date
);
CREATE INDEX report_partner_profiles_by_first_deal ON report_partner_profiles (first_deal_after_ms) WHERE first_deal_after_ms IS NOT NULL;
-- When each partner was suspended or terminated (until null: still is).
CREATE TABLE report_partner_inactive_periods (
  partner_id text        NOT NULL,
  from_at    timestamptz NOT NULL,
  until_at   timestamptz,
  status     text        NOT NULL,
  PRIMARY KEY (partner_id, from_at)
);
CREATE INDEX report_partner_inactive_periods_during ON report_partner_inactive_periods USING gist (tstzrange(from_at, until_at, '[)'));
-- Consecutive activity days at least ${ACTIVITY_GAP_DAYS} days apart.
CREATE TABLE report_partner_activity_gaps (
  partner_id text NOT NULL,
  after_day  date NOT NULL,
  before_day date NOT NULL,
  PRIMARY KEY (partner_id, after_day)
);
`;

/** Fills the rollups from the rows and the profiles from the resume state, once, on a read model written before them. */
export const REPORT_ROLLUPS_BACKFILL_SQL = `
${revenueRollupSql('', 1)};
${conversionRollupSql('', 1)};
INSERT INTO report_customer_first_credits (customer_id, first_at)
SELECT customer_id, min(occurred_at) FROM report_conversions WHERE credited GROUP BY customer_id;
INSERT INTO report_customer_rollup (level, period_start, customers)
SELECT period.level, period.period_start, COUNT(*) FROM report_customer_first_credits f CROSS JOIN LATERAL ${periodsOf('f.first_at')}
 GROUP BY period.level, period.period_start;
CREATE TEMPORARY TABLE report_profiles_backfill ON COMMIT DROP AS
SELECT key AS partner_id, value::json AS v FROM report_state WHERE kind = 'partner';
INSERT INTO report_partner_profiles
  (partner_id, enrolled_at, first_lead_at, first_sourced_at, first_deal_after_ms, first_activity_day, last_activity_day)
SELECT partner_id, enrolled_at, first_lead_at, first_sourced_at,
       (extract(epoch FROM first_sourced_at) * 1000 - extract(epoch FROM enrolled_at) * 1000)::bigint,
       (v->'activityDays'->>0)::date, (v->'activityDays'->>(json_array_length(v->'activityDays') - 1))::date
  FROM (SELECT partner_id, v, (v->>'enrolledAt')::timestamptz AS enrolled_at, (v->>'firstLeadAt')::timestamptz AS first_lead_at,
               (v->>'firstSourcedAt')::timestamptz AS first_sourced_at FROM report_profiles_backfill) AS p;
INSERT INTO report_partner_inactive_periods (partner_id, from_at, until_at, status)
SELECT partner_id, at, until_at, status
  FROM (SELECT partner_id, at, status, lead(at) OVER (PARTITION BY partner_id ORDER BY at) AS until_at
          FROM (SELECT DISTINCT ON (partner_id, at) partner_id, at, status
                  FROM (SELECT partner_id, (c->>'at')::timestamptz AS at, c->>'status' AS status, (c->>'position')::bigint AS position
                          FROM report_profiles_backfill, json_array_elements(v->'statusChanges') AS c) AS changes
                 ORDER BY partner_id, at, position DESC) AS latest) AS periods
 WHERE status <> 'active';
INSERT INTO report_partner_activity_gaps (partner_id, after_day, before_day)
SELECT partner_id, day, next_day
  FROM (SELECT partner_id, day, lead(day) OVER (PARTITION BY partner_id ORDER BY day) AS next_day
          FROM (SELECT partner_id, day::date AS day FROM report_profiles_backfill, json_array_elements_text(v->'activityDays') AS day) AS days) AS pairs
 WHERE next_day - day >= ${ACTIVITY_GAP_DAYS};
`;

export const REPORT_ROLLUP_TABLES = [
  'report_revenue_rollup',
  'report_conversion_rollup',
  'report_customer_first_credits',
  'report_customer_rollup',
  'report_partner_profiles',
  'report_partner_inactive_periods',
  'report_partner_activity_gaps',
];

/** A changed entity of the fold (a KeyedChange); `value` undefined when it was deleted. */
type EntityChange = { kind: string; key: string; value: unknown };

interface ProfileRows {
  partnerIds: string[];
  profiles: Array<{
    partnerId: string;
    enrolledAt: string | null;
    firstLeadAt: string | null;
    firstSourcedAt: string | null;
    firstDealAfterMs: number | null;
    firstActivityDay: string | null;
    lastActivityDay: string | null;
  }>;
  periods: Array<{ partnerId: string; from: string; until: string | null; status: string }>;
  gaps: Array<{ partnerId: string; after: string; before: string }>;
}

/** Serialises the changed profiles now: their values are live and the next batch changes them. */
function profileRows(changes: Iterable<EntityChange>): ProfileRows {
  const rows: ProfileRows = { partnerIds: [], profiles: [], periods: [], gaps: [] };
  for (const { kind, key, value } of changes) {
    if (kind !== 'partner') continue;
    rows.partnerIds.push(key);
    const profile = value as PartnerProfile | undefined;
    if (!profile) continue;
    const days = profile.activityDays;
    rows.profiles.push({
      partnerId: key,
      enrolledAt: profile.enrolledAt,
      firstLeadAt: profile.firstLeadAt,
      firstSourcedAt: profile.firstSourcedAt,
      firstDealAfterMs:
        profile.enrolledAt !== null && profile.firstSourcedAt !== null
          ? Date.parse(profile.firstSourcedAt) - Date.parse(profile.enrolledAt)
          : null,
      firstActivityDay: days.length > 0 ? days[0] : null,
      lastActivityDay: days.length > 0 ? days[days.length - 1] : null,
    });
    for (const period of inactivePeriods(profile)) rows.periods.push({ partnerId: key, ...period });
    for (const gap of activityGaps(profile, ACTIVITY_GAP_DAYS)) rows.gaps.push({ partnerId: key, ...gap });
  }
  return rows;
}

/** What the reporting projection tells the rollups about one batch. */
export interface ReportBatch {
  /** Conversions the batch inserted into report_conversions. */
  inserted: readonly string[];
  /** Conversions whose credits the batch replaced (attribution.revised). */
  revised: readonly string[];
  /** The entities the batch changed (the fold's takeDirty()); the partner profiles are used. */
  changes: Iterable<EntityChange>;
}

export interface ReportRollupWrites {
  /** Before the batch changes any row: takes out what the revised conversions contributed. */
  retract(tx: SqlExecutor): Promise<void>;
  /** After the batch wrote its rows: adds what the inserted and revised conversions contribute now. */
  add(tx: SqlExecutor): Promise<void>;
}

export function reportRollupWrites(batch: ReportBatch): ReportRollupWrites {
  const revised = [...new Set(batch.revised)];
  const touched = [...new Set([...batch.inserted, ...revised])];
  const profiles = profileRows(batch.changes);
  return {
    async retract(tx) {
      if (revised.length === 0) return;
      await tx.query(conversionRollupSql('WHERE c.conversion_id = ANY($1::text[])', -1), [revised]);
      await tx.query(revenueRollupSql('WHERE c.conversion_id = ANY($1::text[])', -1), [revised]);
    },
    async add(tx) {
      if (touched.length > 0) {
        await tx.query(conversionRollupSql('WHERE c.conversion_id = ANY($1::text[])', 1), [touched]);
        await tx.query(revenueRollupSql('WHERE c.conversion_id = ANY($1::text[])', 1), [touched]);
        await tx.query(CUSTOMER_FIRSTS_SQL, [touched]);
      }
      await writeProfiles(tx, profiles);
    },
  };
}

async function writeProfiles(tx: SqlExecutor, rows: ProfileRows): Promise<void> {
  if (rows.partnerIds.length === 0) return;
  const gone = rows.partnerIds.filter((id) => !rows.profiles.some((profile) => profile.partnerId === id));
  if (gone.length > 0) await tx.query('DELETE FROM report_partner_profiles WHERE partner_id = ANY($1::text[])', [gone]);
  if (rows.profiles.length > 0) {
    const p = rows.profiles;
    await tx.query(
      `INSERT INTO report_partner_profiles
         (partner_id, enrolled_at, first_lead_at, first_sourced_at, first_deal_after_ms, first_activity_day, last_activity_day)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[], $5::bigint[], $6::date[], $7::date[])
       ON CONFLICT (partner_id) DO UPDATE SET enrolled_at = EXCLUDED.enrolled_at, first_lead_at = EXCLUDED.first_lead_at,
         first_sourced_at = EXCLUDED.first_sourced_at, first_deal_after_ms = EXCLUDED.first_deal_after_ms,
         first_activity_day = EXCLUDED.first_activity_day, last_activity_day = EXCLUDED.last_activity_day`,
      [
        p.map((r) => r.partnerId),
        p.map((r) => r.enrolledAt),
        p.map((r) => r.firstLeadAt),
        p.map((r) => r.firstSourcedAt),
        p.map((r) => r.firstDealAfterMs),
        p.map((r) => r.firstActivityDay),
        p.map((r) => r.lastActivityDay),
      ],
    );
  }
  // A profile's periods and gaps are few; they are replaced as a whole.
  await tx.query('DELETE FROM report_partner_inactive_periods WHERE partner_id = ANY($1::text[])', [rows.partnerIds]);
  await tx.query('DELETE FROM report_partner_activity_gaps WHERE partner_id = ANY($1::text[])', [rows.partnerIds]);
  if (rows.periods.length > 0) {
    await tx.query(
      `INSERT INTO report_partner_inactive_periods (partner_id, from_at, until_at, status)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::text[])`,
      [
        rows.periods.map((r) => r.partnerId),
        rows.periods.map((r) => r.from),
        rows.periods.map((r) => r.until),
        rows.periods.map((r) => r.status),
      ],
    );
  }
  if (rows.gaps.length > 0) {
    await tx.query(
      'INSERT INTO report_partner_activity_gaps (partner_id, after_day, before_day) SELECT * FROM unnest($1::text[], $2::date[], $3::date[])',
      [rows.gaps.map((r) => r.partnerId), rows.gaps.map((r) => r.after), rows.gaps.map((r) => r.before)],
    );
  }
}
