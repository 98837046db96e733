import { Dec, formatAmount, type MoneyJson } from '@ledger/kernel';
import { tierRank } from './tier';
import { type Tier } from '@ledger/contracts';

/** What a partner must have reached to hold a tier (every named requirement must be met). */
export interface TierRequirement {
  tier: Tier;
  sourcedConversions?: number;
  certifications?: number;
  /** Credited revenue in this currency only; revenue in other currencies does not count. */
  creditedRevenue?: MoneyJson;
}

export interface TierProgram {
  version: string;
  /** Requirements of the tiers above `registered`, which every partner holds from enrollment. */
  requirements: TierRequirement[];
}

export const DEFAULT_TIER_PROGRAM: Readonly<TierProgram> = Object.freeze({
  version: 'default-v1',
  requirements: [
    { tier: 'silver', sourcedConversions: 3, certifications: 1 },
    { tier: 'gold', sourcedConversions: 10, creditedRevenue: { amount: '50000.00', currency: 'USD' } },
  ] as TierRequirement[],
});

/** What counts toward tiers: sourced `deal.closed_won` conversions, certifications, credited revenue per currency. */
export interface TierStats {
  sourcedConversions: number;
  /** Distinct certification names. */
  certifications: string[];
  /** Gross credited revenue per currency (decimal strings). */
  creditedRevenue: Record<string, string>;
}

export interface RequirementProgress {
  metric: 'sourcedConversions' | 'certifications' | 'creditedRevenue';
  required: string;
  actual: string;
  currency?: string;
  met: boolean;
}

function progressOf(requirement: TierRequirement, stats: TierStats): RequirementProgress[] {
  const progress: RequirementProgress[] = [];
  if (requirement.sourcedConversions !== undefined) {
    progress.push({
      metric: 'sourcedConversions',
      required: String(requirement.sourcedConversions),
      actual: String(stats.sourcedConversions),
      met: stats.sourcedConversions >= requirement.sourcedConversions,
    });
  }
  if (requirement.certifications !== undefined) {
    progress.push({
      metric: 'certifications',
      required: String(requirement.certifications),
      actual: String(stats.certifications.length),
      met: stats.certifications.length >= requirement.certifications,
    });
  }
  if (requirement.creditedRevenue !== undefined) {
    const { amount, currency } = requirement.creditedRevenue;
    const actual = new Dec(stats.creditedRevenue[currency] ?? '0');
    progress.push({
      metric: 'creditedRevenue',
      required: amount,
      actual: formatAmount(actual, currency),
      currency,
      met: actual.greaterThanOrEqualTo(amount),
    });
  }
  return progress;
}

/** The highest tier whose requirements the stats meet, never below `current` (no demotion). */
export function tierReached(program: TierProgram, current: Tier, stats: TierStats): { tier: Tier; reason: string } | undefined {
  let reached: { tier: Tier; reason: string } | undefined;
  for (const requirement of program.requirements) {
    if (tierRank(requirement.tier) <= tierRank(reached?.tier ?? current)) continue;
    const progress = progressOf(requirement, stats);
    if (progress.every((p) => p.met)) reached = { tier: requirement.tier, reason: describe(requirement.tier, progress) };
  }
  return reached;
}

/** Progress toward the next tier above `current`; `next` is null at the top. */
export function progressToNextTier(
  program: TierProgram,
  current: Tier,
  stats: TierStats,
): { next: Tier | null; requirements: RequirementProgress[] } {
  const next = program.requirements
    .filter((requirement) => tierRank(requirement.tier) > tierRank(current))
    .sort((a, b) => tierRank(a.tier) - tierRank(b.tier))[0];
  return next ? { next: next.tier, requirements: progressOf(next, stats) } : { next: null, requirements: [] };
}

function describe(tier: Tier, progress: RequirementProgress[]): string {
  const parts = progress.map((p) => {
    if (p.metric === 'creditedRevenue') return `${p.actual} ${p.currency} credited revenue (needs ${p.required})`;
    const noun = p.metric === 'sourcedConversions' ? 'sourced conversion' : 'certification';
    return `${p.actual} ${noun}${p.actual === '1' ? '' : 's'} (needs ${p.required})`;
  });
  return `reached ${tier}: ${parts.join(', ')}`;
}
