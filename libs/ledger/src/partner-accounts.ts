import { tierRank, tierReached, type Tier, type TierProgram } from '@ledger/commission';
import type { PartnerCertifiedData, PartnerEnrolledData } from '@ledger/events';
import { GENESIS_HASH } from './hash-chain';
import type { LedgerEffects } from './ledger-effects';
import type { LineCause } from './ledger-line';
import type { LedgerState, PartnerEntity } from './ledger-state';

/** The partner's entity, created on first sight (a credit or a payout may name a partner never enrolled). */
export function partnerAccount(state: LedgerState, partnerId: string): PartnerEntity {
  let partner = state.get('partner', partnerId);
  if (!partner) {
    partner = {
      partnerId,
      name: null,
      partnerType: null,
      enrolledAt: null,
      tier: 'registered',
      history: [],
      stats: { sourcedConversions: 0, certifications: [], creditedRevenue: {} },
      head: { seq: 0, hash: GENESIS_HASH },
    };
    state.put('partner', partnerId, partner);
  }
  return partner;
}

export function recordEnrollment(effects: LedgerEffects, data: PartnerEnrolledData, at: string, cause: LineCause): void {
  const partner = partnerAccount(effects.state, data.partnerId);
  if (partner.enrolledAt !== null) return; // the first enrollment stands
  partner.name = data.name;
  partner.partnerType = data.partnerType;
  partner.enrolledAt = at;
  const change = { from: null, to: 'registered' as Tier, at, reason: `enrolled as ${data.partnerType} partner`, cause };
  partner.history.push(change);
  effects.state.touch('partner', partner.partnerId);
  effects.tierChanged(partner.partnerId, change);
}

export function recordCertification(effects: LedgerEffects, program: TierProgram, data: PartnerCertifiedData, at: string, cause: LineCause): void {
  const partner = partnerAccount(effects.state, data.partnerId);
  if (partner.stats.certifications.includes(data.certification)) return;
  partner.stats.certifications.push(data.certification);
  effects.state.touch('partner', partner.partnerId);
  promoteIfReached(effects, program, partner, at, cause);
}

/**
 * The tier in force at business time `at`: the highest tier whose change took effect by then
 * (tiers never go down, so the highest is the latest). `registered` before any recorded change.
 */
export function tierAt(partner: PartnerEntity, at: string): Tier {
  const time = Date.parse(at);
  let tier: Tier = 'registered';
  for (const change of partner.history) {
    if (Date.parse(change.at) <= time && tierRank(change.to) > tierRank(tier)) tier = change.to;
  }
  return tier;
}

/** Records a promotion effective at `at` when the partner's stats reach a higher tier. */
export function promoteIfReached(effects: LedgerEffects, program: TierProgram, partner: PartnerEntity, at: string, cause: LineCause): void {
  const reached = tierReached(program, partner.tier, partner.stats);
  if (!reached) return;
  const change = { from: partner.tier, to: reached.tier, at, reason: reached.reason, cause };
  partner.tier = reached.tier;
  partner.history.push(change);
  effects.state.touch('partner', partner.partnerId);
  effects.tierChanged(partner.partnerId, change);
}
