import { Dec, formatAmount } from '@ledger/kernel';
import { tierRank } from './tier';
import { type Tier } from '@ledger/contracts';
import type { TierProgram, TierRequirement, TierStats } from './tier-program';

/*
 * What counts toward a partner's tiers, kept so that the tier in force can be judged as SPEC §4
 * says: from the facts before a conversion's own upstream event in global order, and not after it in
 * business time. Only what a threshold can still depend on is kept: the K earliest sourced
 * conversions (K = the largest count any tier needs), and per currency some tier counts, the credited
 * revenue facts in business-time order up to the one that reaches the largest threshold; beyond
 * those, totals. Times are ISO 8601 UTC with milliseconds (they compare as strings).
 */

export interface CertificationFact {
  name: string;
  at: string;
  /** Global position of the `partner.certified` event. */
  position: number;
}

export interface CreditFact {
  conversionId: string;
  /** Business time of the conversion. */
  at: string;
  /** Global position of the conversion's upstream event. */
  position: number;
  /** A `deal.closed_won` that credits the partner with any weight. */
  sourced: boolean;
  currency: string;
  revenue: string;
}

interface TimedFact {
  conversionId: string;
  at: string;
  position: number;
}

interface RevenueFact extends TimedFact {
  revenue: string;
}

export interface RevenueTally {
  total: string;
  /** Only for currencies a tier counts: facts by (business time, position) up to the largest threshold. */
  facts?: RevenueFact[];
}

export interface TierStanding {
  certifications: CertificationFact[];
  sourcedCount: number;
  earliestSourced: TimedFact[];
  revenue: Record<string, RevenueTally>;
}

export function emptyStanding(): TierStanding {
  return { certifications: [], sourcedCount: 0, earliestSourced: [], revenue: {} };
}

const byTime = (a: TimedFact, b: TimedFact) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.position - b.position);

function insertSorted<T extends TimedFact>(list: T[], fact: T): void {
  let index = list.length;
  while (index > 0 && byTime(list[index - 1], fact) > 0) index -= 1;
  list.splice(index, 0, fact);
}

interface Limits {
  sourced: number;
  revenue: Map<string, Dec>;
}

// A program is immutable once loaded, and every credit asks for its limits: worked out once per program.
const limitsByProgram = new WeakMap<TierProgram, Limits>();

/** The largest sourced-conversion count any tier needs, and the largest revenue per currency. */
function limits(program: TierProgram): Limits {
  let known = limitsByProgram.get(program);
  if (!known) limitsByProgram.set(program, (known = workOutLimits(program)));
  return known;
}

function workOutLimits(program: TierProgram): Limits {
  let sourced = 0;
  const revenue = new Map<string, Dec>();
  for (const requirement of program.requirements) {
    sourced = Math.max(sourced, requirement.sourcedConversions ?? 0);
    const needed = requirement.creditedRevenue;
    if (needed) revenue.set(needed.currency, Dec.max(revenue.get(needed.currency) ?? new Dec(0), needed.amount));
  }
  return { sourced, revenue };
}

export function addCertification(standing: TierStanding, fact: CertificationFact): void {
  standing.certifications.push(fact);
}

/** Counts a credit toward the partner's tiers (sourced count, credited revenue), keeping only what thresholds need. */
export function addCredit(standing: TierStanding, program: TierProgram, fact: CreditFact): void {
  const bounds = limits(program);
  const timed = { conversionId: fact.conversionId, at: fact.at, position: fact.position };
  if (fact.sourced) {
    standing.sourcedCount += 1;
    insertSorted(standing.earliestSourced, timed);
    if (standing.earliestSourced.length > bounds.sourced) standing.earliestSourced.length = bounds.sourced;
  }
  const tally = (standing.revenue[fact.currency] ??= { total: '0' });
  tally.total = new Dec(tally.total).plus(fact.revenue).toString();
  const threshold = bounds.revenue.get(fact.currency);
  if (!threshold) return;
  const facts = (tally.facts ??= []);
  insertSorted(facts, { ...timed, revenue: fact.revenue });
  // Facts after the one that reaches the largest threshold can never decide a tier: keep their total only.
  let sum = new Dec(0);
  for (let index = 0; index < facts.length; index += 1) {
    sum = sum.plus(facts[index].revenue);
    if (sum.greaterThanOrEqualTo(threshold)) {
      facts.length = index + 1;
      break;
    }
  }
}

/** When (business time) each metric of a requirement was met, from the facts a filter lets through. */
interface Met {
  at: string;
  text: string;
}

function metricsMet(
  requirement: TierRequirement,
  standing: TierStanding,
  certified: (fact: CertificationFact) => boolean,
): Met[] | undefined {
  const met: Met[] = [];
  if (requirement.sourcedConversions) {
    const fact = standing.earliestSourced[requirement.sourcedConversions - 1];
    if (!fact) return undefined;
    met.push({ at: fact.at, text: plural(requirement.sourcedConversions, 'sourced conversion') });
  }
  if (requirement.certifications) {
    // Each certification counts once, from its earliest record.
    const first = new Map<string, string>();
    for (const fact of standing.certifications) {
      if (!certified(fact)) continue;
      const seen = first.get(fact.name);
      if (seen === undefined || fact.at < seen) first.set(fact.name, fact.at);
    }
    const times = [...first.values()].sort();
    const at = times[requirement.certifications - 1];
    if (at === undefined) return undefined;
    met.push({ at, text: plural(requirement.certifications, 'certification') });
  }
  if (requirement.creditedRevenue) {
    const { amount, currency } = requirement.creditedRevenue;
    let sum = new Dec(0);
    const fact = (standing.revenue[currency]?.facts ?? []).find((candidate) =>
      (sum = sum.plus(candidate.revenue)).greaterThanOrEqualTo(amount),
    );
    if (!fact) return undefined;
    met.push({ at: fact.at, text: `${formatAmount(new Dec(amount), currency)} ${currency} credited revenue` });
  }
  return met;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

const latest = (met: Met[]) => met.reduce((max, m) => (m.at > max ? m.at : max), '');

/**
 * The tier in force for a conversion whose upstream event is at global `position` and whose business
 * time is `at`: the highest tier whose requirement the facts before that position and not after that
 * time meet. Every credit counted so far must come from a conversion before `position` (the ledger
 * books in that order), so only certifications need the position check.
 */
export function tierInForce(program: TierProgram, standing: TierStanding, position: number, at: string): Tier {
  let tier: Tier = 'registered';
  for (const requirement of program.requirements) {
    if (tierRank(requirement.tier) <= tierRank(tier)) continue;
    const met = metricsMet(requirement, standing, (fact) => fact.position < position);
    if (met && met.every((m) => m.at <= at)) tier = requirement.tier;
  }
  return tier;
}

export interface Promotion {
  from: Tier;
  to: Tier;
  /** Business time of the fact that completed the requirement (never before enrollment). */
  at: string;
  reason: string;
}

/**
 * The promotions the facts known now add up to, in business-time order: each tier is dated at the
 * business time of the fact that completed its requirement; a tier is skipped when a higher one was
 * in force by then (no automatic demotion, so only rises are listed).
 */
export function promotionsOf(program: TierProgram, standing: TierStanding, enrolledAt: string | null): Promotion[] {
  const reached: Array<{ tier: Tier; at: string; reason: string }> = [];
  for (const requirement of program.requirements) {
    const met = metricsMet(requirement, standing, () => true);
    if (!met) continue;
    const done = latest(met);
    const at = enrolledAt !== null && enrolledAt > done ? enrolledAt : done;
    reached.push({
      tier: requirement.tier,
      at,
      reason: `reached ${requirement.tier}: ${met.map((m) => `${m.text} by ${m.at.slice(0, 10)}`).join(', ')}`,
    });
  }
  reached.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : tierRank(b.tier) - tierRank(a.tier)));
  const promotions: Promotion[] = [];
  let current: Tier = 'registered';
  for (const step of reached) {
    if (tierRank(step.tier) <= tierRank(current)) continue;
    promotions.push({ from: current, to: step.tier, at: step.at, reason: step.reason });
    current = step.tier;
  }
  return promotions;
}

/** Totals for progress reports: every sourced conversion, certification and credited revenue known now. */
export function statsOf(standing: TierStanding): TierStats {
  const certifications = [...new Set(standing.certifications.map((fact) => fact.name))];
  const creditedRevenue: Record<string, string> = {};
  for (const [currency, tally] of Object.entries(standing.revenue)) creditedRevenue[currency] = tally.total;
  return { sourcedConversions: standing.sourcedCount, certifications, creditedRevenue };
}
