import { DAY_MS } from '@ledger/kernel';
import type { PartnerStatus, PartnerType } from '@ledger/contracts';

/**
 * What the program KPIs need to know about one partner, folded from the store in global order.
 * Times are ISO 8601 strings; activity is kept per UTC day (at most 366 entries a year).
 */
export interface PartnerProfile {
  partnerId: string;
  partnerType: PartnerType | null;
  enrolledAt: string | null;
  statusChanges: { status: PartnerStatus; at: string; position: number }[];
  /** Earliest lead: a credited click, a redemption of the partner's coupon, or a deal registration. */
  firstLeadAt: string | null;
  /** Earliest `deal.closed_won` crediting the partner. */
  firstSourcedAt: string | null;
  /** Sorted distinct UTC days (YYYY-MM-DD) with a lead or a credited conversion. */
  activityDays: string[];
}

export function newProfile(partnerId: string): PartnerProfile {
  return { partnerId, partnerType: null, enrolledAt: null, statusChanges: [], firstLeadAt: null, firstSourcedAt: null, activityDays: [] };
}

const earlier = (current: string | null, candidate: string): string =>
  current === null || Date.parse(candidate) < Date.parse(current) ? candidate : current;

export function recordLead(profile: PartnerProfile, at: string): void {
  profile.firstLeadAt = earlier(profile.firstLeadAt, at);
  recordActivity(profile, at);
}

export function recordSourced(profile: PartnerProfile, at: string): void {
  profile.firstSourcedAt = earlier(profile.firstSourcedAt, at);
}

export function recordActivity(profile: PartnerProfile, at: string): void {
  const day = new Date(Date.parse(at)).toISOString().slice(0, 10);
  const days = profile.activityDays;
  let low = 0;
  let high = days.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (days[middle] < day) low = middle + 1;
    else high = middle;
  }
  if (days[low] !== day) days.splice(low, 0, day);
}

/** Status in force at `at`: the latest change by business time (ties: later in global order); active by default. */
export function statusAt(profile: PartnerProfile, at: string): PartnerStatus {
  const time = Date.parse(at);
  let latest: PartnerProfile['statusChanges'][number] | undefined;
  for (const change of profile.statusChanges) {
    const changeTime = Date.parse(change.at);
    if (changeTime > time) continue;
    if (!latest || changeTime > Date.parse(latest.at) || (changeTime === Date.parse(latest.at) && change.position > latest.position))
      latest = change;
  }
  return latest?.status ?? 'active';
}

/** True when the partner had any activity in the half-open day range (from, to]. */
export function activeBetween(profile: PartnerProfile, fromExclusive: string, toInclusive: string): boolean {
  const from = new Date(Date.parse(fromExclusive)).toISOString().slice(0, 10);
  const to = new Date(Date.parse(toInclusive)).toISOString().slice(0, 10);
  return profile.activityDays.some((day) => day > from && day <= to);
}

export function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / DAY_MS;
}

/** A stretch of business time during which the partner was not active (suspended or terminated); `until` null: still. */
export interface InactivePeriod {
  status: PartnerStatus;
  from: string;
  until: string | null;
}

/**
 * The periods `statusAt` answers something other than `active` for: each distinct change time starts
 * the status of its latest change (global order) and lasts until the next change time.
 */
export function inactivePeriods(profile: PartnerProfile): InactivePeriod[] {
  const byTime = new Map<number, PartnerProfile['statusChanges'][number]>();
  for (const change of profile.statusChanges) {
    const time = Date.parse(change.at);
    const current = byTime.get(time);
    if (!current || change.position > current.position) byTime.set(time, change);
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const periods: InactivePeriod[] = [];
  times.forEach((time, index) => {
    const change = byTime.get(time) as PartnerProfile['statusChanges'][number];
    if (change.status === 'active') return;
    const next = times[index + 1];
    periods.push({
      status: change.status,
      from: new Date(time).toISOString(),
      until: next === undefined ? null : new Date(next).toISOString(),
    });
  });
  return periods;
}

/**
 * Consecutive activity days at least `minDays` apart. `activeBetween` over a window of at least
 * `minDays + 1` days is then decided by the first and last activity day and these gaps alone.
 */
export function activityGaps(profile: PartnerProfile, minDays: number): Array<{ after: string; before: string }> {
  const gaps: Array<{ after: string; before: string }> = [];
  const days = profile.activityDays;
  for (let i = 1; i < days.length; i += 1) {
    if (Date.parse(days[i]) - Date.parse(days[i - 1]) >= minDays * DAY_MS) gaps.push({ after: days[i - 1], before: days[i] });
  }
  return gaps;
}
