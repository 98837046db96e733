import { addCertification, promotionsOf, statsOf, tierInForce } from './commission/tier-standing';
import { type Tier } from '@ledger/contracts';
import { type TierProgram } from './commission/tier-program';
import type { PartnerCertifiedData, PartnerEnrolledData } from '@ledger/contracts';
import type { LedgerEffects } from './ledger-effects';
import type { TierChange } from '@ledger/contracts';
import type { LineCause } from '@ledger/contracts';
import { partnerAccount, type PartnerEntity } from './ledger-state';

export function recordEnrollment(
  effects: LedgerEffects,
  program: TierProgram,
  data: PartnerEnrolledData,
  at: string,
  cause: LineCause,
): void {
  const partner = partnerAccount(effects.state, data.partnerId);
  if (partner.enrolledAt !== null) return; // the first enrollment stands
  partner.name = data.name;
  partner.partnerType = data.partnerType;
  partner.enrolledAt = at;
  const change = { from: null, to: 'registered' as Tier, at, reason: `enrolled as ${data.partnerType} partner`, cause };
  partner.history = [change, ...partner.history];
  effects.state.touch('partner', partner.partnerId);
  effects.tierChanged(partner.partnerId, change);
  refreshTiers(effects, program, partner, cause);
}

export function recordCertification(
  effects: LedgerEffects,
  program: TierProgram,
  data: PartnerCertifiedData,
  at: string,
  cause: LineCause,
): void {
  const partner = partnerAccount(effects.state, data.partnerId);
  if (partner.standing.certifications.some((fact) => fact.name === data.certification && fact.at <= at)) return; // nothing new
  addCertification(partner.standing, { name: data.certification, at, position: cause.position });
  effects.state.touch('partner', partner.partnerId);
  refreshTiers(effects, program, partner, cause);
}

/** The tier that sets the rate of a conversion at global `position` and business time `at` (SPEC §4). */
export function tierFor(program: TierProgram, partner: PartnerEntity, position: number, at: string): Tier {
  return tierInForce(program, partner.standing, position, at);
}

/**
 * Re-derives the partner's tier history from its standing and records what changed: a new
 * promotion, a promotion dated differently, or (after a policy change) one withdrawn. Each change is
 * an output, so the projection records it as a `partner.tier_changed` fact.
 */
export function refreshTiers(effects: LedgerEffects, program: TierProgram, partner: PartnerEntity, cause: LineCause): void {
  partner.stats = statsOf(partner.standing);
  const enrollment = partner.history.find((change) => change.from === null);
  const known = new Map(partner.history.filter((change) => change.from !== null).map((change) => [`${change.to}@${change.at}`, change]));
  const promotions = promotionsOf(program, partner.standing, partner.enrolledAt);
  const next: TierChange[] = enrollment ? [enrollment] : [];
  const added: TierChange[] = [];
  for (const promotion of promotions) {
    const key = `${promotion.to}@${promotion.at}`;
    const kept = known.get(key);
    if (kept && kept.from === promotion.from) {
      // Same promotion, same date: it stands (with the fact that first completed it); its reason names the facts known now.
      next.push(kept.reason === promotion.reason ? kept : { ...kept, reason: promotion.reason });
      known.delete(key);
      continue;
    }
    const change: TierChange = { ...promotion, cause };
    next.push(change);
    added.push(change);
  }
  partner.history = next;
  partner.tier = promotions.length > 0 ? promotions[promotions.length - 1].to : 'registered';
  effects.state.touch('partner', partner.partnerId);
  for (const gone of known.values()) {
    const now = tierAtTime(next, gone.at);
    const withdrawal: TierChange = {
      from: gone.to,
      to: now,
      at: gone.at,
      reason: `promotion to ${gone.to} on ${gone.at.slice(0, 10)} withdrawn: the facts known now no longer complete it then`,
      cause,
    };
    partner.withdrawn = [...(partner.withdrawn ?? []), gone];
    effects.tierChanged(partner.partnerId, withdrawal);
  }
  for (const change of added) effects.tierChanged(partner.partnerId, change);
}

/** The tier a history puts in force at business time `at`. */
function tierAtTime(history: readonly TierChange[], at: string): Tier {
  let tier: Tier = 'registered';
  for (const change of history) if (change.at <= at) tier = change.to;
  return tier;
}
