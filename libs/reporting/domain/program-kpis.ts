import { addUtcMonths, DAY_MS } from '@ledger/kernel';
import { Dec } from '@ledger/kernel';
import { activeBetween, daysBetween, statusAt, type PartnerProfile } from './partner-profile';

/** A rate with the counts behind it; `rate` is a decimal string with 4 places, null when nobody qualifies. */
export interface Rate {
  rate: string | null;
  numerator: number;
  denominator: number;
}

export const MATURITY_STAGES = [
  { stage: 'Foundation', upTo: 10, keyMetric: 'firstPartnerSourcedCustomers' },
  { stage: 'Growth', upTo: 50, keyMetric: 'partnerSourcedRevenueShare' },
  { stage: 'Scale', upTo: 200, keyMetric: 'partnerRetention' },
  { stage: 'Ecosystem-led', upTo: Infinity, keyMetric: 'partnerInfluenceOnPipeline' },
] as const;
export type MaturityStage = (typeof MATURITY_STAGES)[number];

export function rate(numerator: number, denominator: number): Rate {
  return {
    rate: denominator === 0 ? null : new Dec(numerator).dividedBy(denominator).toDecimalPlaces(4, Dec.ROUND_HALF_EVEN).toFixed(4),
    numerator,
    denominator,
  };
}

const enrolledBy = (profile: PartnerProfile, at: number): profile is PartnerProfile & { enrolledAt: string } =>
  profile.enrolledAt !== null && Date.parse(profile.enrolledAt) <= at;

/** Partners enrolled at least 90 days before `asOf` whose first lead came within 90 days of enrollment. */
export function activationRate(profiles: Iterable<PartnerProfile>, asOf: string): Rate {
  let eligible = 0;
  let activated = 0;
  for (const profile of profiles) {
    if (!enrolledBy(profile, Date.parse(asOf) - 90 * DAY_MS)) continue;
    eligible += 1;
    if (profile.firstLeadAt !== null && daysBetween(profile.enrolledAt, profile.firstLeadAt) <= 90) activated += 1;
  }
  return rate(activated, eligible);
}

/** Partners enrolled at least 12 months before `asOf` still active then, with activity in the 12 months before. */
export function retentionRate(profiles: Iterable<PartnerProfile>, asOf: string): Rate {
  const yearBefore = new Date(addUtcMonths(Date.parse(asOf), -12)).toISOString();
  let eligible = 0;
  let retained = 0;
  for (const profile of profiles) {
    if (!enrolledBy(profile, Date.parse(yearBefore))) continue;
    eligible += 1;
    if (statusAt(profile, asOf) === 'active' && activeBetween(profile, yearBefore, asOf)) retained += 1;
  }
  return rate(retained, eligible);
}

/** Median days from enrollment to the first sourced conversion, over partners that had one by `asOf`. */
export function timeToFirstDeal(profiles: Iterable<PartnerProfile>, asOf: string): { medianDays: string | null; partners: number } {
  const durations: number[] = [];
  for (const profile of profiles) {
    if (!enrolledBy(profile, Date.parse(asOf)) || profile.firstSourcedAt === null || Date.parse(profile.firstSourcedAt) > Date.parse(asOf))
      continue;
    durations.push(Date.parse(profile.firstSourcedAt) - Date.parse(profile.enrolledAt));
  }
  durations.sort((a, b) => a - b);
  const { offset, limit } = middleOf(durations.length);
  return { medianDays: medianDays(durations.slice(offset, offset + limit)), partners: durations.length };
}

/** Where the median of `count` sorted values sits: the middle one (odd count) or the middle two (even). */
export function middleOf(count: number): { offset: number; limit: number } {
  if (count === 0) return { offset: 0, limit: 0 };
  return count % 2 === 1 ? { offset: count >> 1, limit: 1 } : { offset: (count >> 1) - 1, limit: 2 };
}

/** The median in days (1 decimal, half-even) from the middle durations in milliseconds (see middleOf); null for none. */
export function medianDays(middle: readonly (number | string)[]): string | null {
  if (middle.length === 0) return null;
  const days = middle.map((millis) => new Dec(millis).dividedBy(DAY_MS));
  const median = days.length === 1 ? days[0] : days[0].plus(days[1]).dividedBy(2);
  return median.toDecimalPlaces(1, Dec.ROUND_HALF_EVEN).toFixed(1);
}

/** Partners enrolled by `asOf` and active then. */
export function activePartners(profiles: Iterable<PartnerProfile>, asOf: string): number {
  let count = 0;
  for (const profile of profiles) if (enrolledBy(profile, Date.parse(asOf)) && statusAt(profile, asOf) === 'active') count += 1;
  return count;
}

/** Foundation (up to 10 active partners), Growth (up to 50), Scale (up to 200), Ecosystem-led (more). */
export function maturityStage(active: number): MaturityStage {
  return MATURITY_STAGES.find((stage) => active <= stage.upTo) as MaturityStage;
}
