import type { PartnerEnrolledData, PartnerStatus, PartnerStatusChangedData } from '@ledger/contracts';
import type { AttributionState, PartnerEntity } from './attribution-state';
import { toIsoDate } from '@ledger/kernel';

/** A partner can earn credit at a time only if enrolled by then and active then. */
export type PartnerStanding = { eligible: true } | { eligible: false; status: 'unknown' | 'suspended' | 'terminated'; reason: string };

const ELIGIBLE: PartnerStanding = { eligible: true };

export function recordEnrollment(state: AttributionState, data: PartnerEnrolledData, at: number): void {
  const partner = state.get('partner', data.partnerId);
  if (!partner) {
    state.put('partner', data.partnerId, { enrolledAt: at, statusChanges: [] });
  } else if (partner.enrolledAt === null || at < partner.enrolledAt) {
    // A repeated enrollment changes nothing but can reveal an earlier enrollment time.
    partner.enrolledAt = at;
    state.touch('partner', data.partnerId);
  }
}

export function recordStatusChange(state: AttributionState, data: PartnerStatusChangedData, at: number, position: number): void {
  let partner = state.get('partner', data.partnerId);
  if (!partner) {
    // Kept even before enrollment, so the change is known should the enrollment arrive later.
    partner = { enrolledAt: null, statusChanges: [] };
    state.put('partner', data.partnerId, partner);
  }
  partner.statusChanges.push({ status: data.status, at, position });
  state.touch('partner', data.partnerId);
}

/**
 * Standing of a partner at business time `at`: unknown (never enrolled, or enrolled only later) and
 * suspended/terminated partners are skipped as candidates. The status in force is the latest change
 * by business time not after `at` (ties: later in global order).
 */
export function partnerStandingAt(state: AttributionState, partnerId: string, at: number): PartnerStanding {
  const partner = state.get('partner', partnerId);
  if (!partner || partner.enrolledAt === null)
    return { eligible: false, status: 'unknown', reason: `partner ${partnerId} is unknown (never enrolled)` };
  if (partner.enrolledAt > at) {
    return {
      eligible: false,
      status: 'unknown',
      reason: `partner ${partnerId} was not enrolled yet (enrolled on ${toIsoDate(partner.enrolledAt)})`,
    };
  }
  const status = statusAt(partner, at);
  return status === 'active' ? ELIGIBLE : { eligible: false, status, reason: `partner ${partnerId} is ${status}` };
}

function statusAt(partner: PartnerEntity, at: number): PartnerStatus {
  let latest: PartnerEntity['statusChanges'][number] | undefined;
  for (const change of partner.statusChanges) {
    if (change.at > at) continue;
    if (!latest || change.at > latest.at || (change.at === latest.at && change.position > latest.position)) latest = change;
  }
  return latest ? latest.status : 'active';
}
