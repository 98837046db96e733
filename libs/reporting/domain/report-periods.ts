/*
 * How a report reads a business-time range from rollups: whole years, months and days (UTC) from
 * the rollup tables, and the two partial days at the edges from the rows themselves. The pieces are
 * disjoint and cover the range exactly, so summing them gives what summing every row would give,
 * and a report over a period reads O(periods × groups) rollup rows whatever the history holds.
 */

/** Rollup granularities, finest first. */
export const ROLLUP_LEVELS = ['day', 'month', 'year'] as const;
export type RollupLevel = (typeof ROLLUP_LEVELS)[number];

/** Whole periods of one level: every period whose start is in [from, until) (dates `YYYY-MM-DD`, or `-infinity`). */
export interface RollupSpan {
  level: RollupLevel;
  from: string;
  until: string;
}

/** A partial day read from the rows: business times in [from, until) (ISO instants, or `-infinity`). */
export interface RowSpan {
  from: string;
  until: string;
}

export interface RangeCover {
  spans: RollupSpan[];
  rows: RowSpan[];
}

const DAY_MS = 86_400_000;

/** Start of the period of `level` that holds `ms` (UTC); infinities stay where they are. */
function floorTo(level: RollupLevel, ms: number): number {
  if (!Number.isFinite(ms)) return ms;
  if (level === 'day') return Math.floor(ms / DAY_MS) * DAY_MS;
  const date = new Date(ms);
  // setUTCFullYear, never Date.UTC: the latter reads years 0–99 as 1900–1999.
  const start = new Date(0);
  start.setUTCFullYear(date.getUTCFullYear(), level === 'month' ? date.getUTCMonth() : 0, 1);
  return start.getTime();
}

function ceilTo(level: RollupLevel, ms: number): number {
  const floor = floorTo(level, ms);
  if (floor === ms) return ms;
  if (level === 'day') return floor + DAY_MS;
  const next = new Date(floor);
  if (level === 'month') next.setUTCMonth(next.getUTCMonth() + 1);
  else next.setUTCFullYear(next.getUTCFullYear() + 1);
  return next.getTime();
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a UTC day start (years past 9999 get their digits: PostgreSQL reads them). */
function dateOf(ms: number): string {
  if (ms === -Infinity) return '-infinity';
  const date = new Date(ms);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

function instantOf(ms: number): string {
  if (ms === -Infinity) return '-infinity';
  const date = new Date(ms);
  if (date.getUTCFullYear() <= 9999) return date.toISOString();
  return `${dateOf(floorTo('day', ms))}T${date.toISOString().slice(-13)}`;
}

/**
 * The pieces that cover the business times from `from` (inclusive; null: the beginning) to `to`
 * (inclusive), both ISO instants with millisecond precision like every stored business time.
 */
export function coverRange(from: string | null, to: string): RangeCover {
  let low = from === null ? -Infinity : Date.parse(from);
  // Stored times have millisecond precision: `<= to` is `< to + 1 ms`.
  let high = Date.parse(to) + 1;
  const cover: RangeCover = { spans: [], rows: [] };
  if (!(low < high)) return cover;
  let finer: RollupLevel | 'rows' = 'rows';
  const emit = (level: RollupLevel | 'rows', start: number, end: number) => {
    if (!(start < end)) return;
    if (level === 'rows') cover.rows.push({ from: instantOf(start), until: instantOf(end) });
    else cover.spans.push({ level, from: dateOf(start), until: dateOf(end) });
  };
  for (const level of ROLLUP_LEVELS) {
    const inner = [ceilTo(level, low), floorTo(level, high)];
    // No whole period of this level fits: what is left is read at the finer level.
    if (!(inner[0] < inner[1])) break;
    emit(finer, low, inner[0]);
    emit(finer, inner[1], high);
    [low, high] = inner;
    finer = level;
  }
  emit(finer, low, high);
  return cover;
}
