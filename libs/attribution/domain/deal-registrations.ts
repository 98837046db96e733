import type { DealApprovedData, DealRegisteredData, DealClosedLostData, DealRejectedData } from '@ledger/contracts';
import type { AttributionState, DealEntity } from './attribution-state';
import type { DealRegistrationRejected, RegistrationRejectionCode } from './decision';
import type { Cause } from '@ledger/contracts';
import type { AttributionPolicy } from '@ledger/contracts';
import type { Touch } from './touch';
import { domainEntity, normalizeDomain } from './account-domain';
import { partnerStandingAt } from './partners';
import { describeReservation, reservationAt } from './reservations';
import { addDays, toIso, toIsoDate } from '@ledger/kernel';

/*
 * Deal registration lifecycle (SPEC §3):
 *   registered -> pending                 (or rejected automatically, see registerDeal)
 *   pending    -> approved                by deal.approved while pending; protection starts
 *   pending    -> expired                 protectionDays after registration
 *   approved   -> expired                 protectionDays (the approval's, default the policy's) after approval
 *   pending | approved -> rejected        by deal.rejected
 * deal.approved on anything but a pending registration has no effect.
 */

/** Instant a pending registration stops holding its domain. */
export function pendingEnd(deal: DealEntity, policy: AttributionPolicy): number {
  return addDays(deal.registeredAt, policy.protectionDays);
}

/** Instant an approved registration's protection ends (inclusive). */
export function protectionEnd(deal: DealEntity): number {
  return addDays(deal.approvedAt as number, deal.protectionDays as number);
}

/**
 * Whether the registration blocks other registrations of its domain at business time `at`: not
 * rejected (a rejection recorded earlier in global order ends it whatever its business time) and not
 * past the end of its pending period or of its protection. Returns that end, or null.
 */
function holdEnd(deal: DealEntity, at: number, policy: AttributionPolicy): number | null {
  if (deal.rejectedAt !== null || (deal.lostAt != null && deal.lostAt <= at)) return null;
  const end = deal.approvedAt !== null ? protectionEnd(deal) : pendingEnd(deal, policy);
  return at <= end ? end : null;
}

/**
 * `deal.registered`: accepted as pending, or rejected automatically (returned) when the partner is
 * unknown or inactive, the domain is reserved, or an earlier registration (in global order) still
 * holds the domain. A repeated dealId changes nothing: rejecting it would make the ledger's
 * `deal.rejected` for that dealId end the original registration.
 */
export function registerDeal(
  state: AttributionState,
  data: DealRegisteredData,
  at: number,
  cause: Cause,
  policy: AttributionPolicy,
): DealRegistrationRejected | null {
  if (state.get('deal', data.dealId)) return null;
  const domain = normalizeDomain(data.accountDomain);
  const rejection = (
    code: RegistrationRejectionCode,
    reason: string,
    heldBy?: DealRegistrationRejected['heldBy'],
  ): DealRegistrationRejected => {
    // Recorded as rejected right away, so the ledger's own deal.rejected for it has no further effect.
    state.put('deal', data.dealId, newDeal(data, domain, at, cause.position, { rejectedAt: at, rejectionReason: reason, automatic: true }));
    return { dealId: data.dealId, partnerId: data.partnerId, accountDomain: domain, code, reason, ...(heldBy ? { heldBy } : {}), cause };
  };

  const standing = partnerStandingAt(state, data.partnerId, at);
  if (!standing.eligible) {
    return rejection(standing.status === 'unknown' ? 'unknown_partner' : 'inactive_partner', standing.reason);
  }
  const reservation = reservationAt(state, domain, at);
  if (reservation) return rejection('reserved', describeReservation(domain, reservation));

  const entity = domainEntity(state, domain);
  for (const dealId of entity.registrations) {
    const holder = state.get('deal', dealId) as DealEntity;
    const end = holdEnd(holder, at, policy);
    if (end === null) continue;
    const holderState = holder.approvedAt !== null ? 'approved' : 'pending approval';
    const heldBy = { partnerId: holder.partnerId, dealId, until: toIso(end) };
    if (holder.partnerId === data.partnerId) {
      return rejection(
        'already_held',
        `partner ${holder.partnerId} already holds account ${domain} (registration ${dealId}, ${holderState}) until ${toIsoDate(end)}`,
        heldBy,
      );
    }
    return rejection(
      'conflict',
      `account ${domain} is held by partner ${holder.partnerId} (registration ${dealId}, ${holderState}) until ${toIsoDate(end)}`,
      heldBy,
    );
  }

  state.put('deal', data.dealId, newDeal(data, domain, at, cause.position, {}));
  entity.registrations.push(data.dealId);
  state.touch('domain', domain);
  return null;
}

function newDeal(data: DealRegisteredData, domain: string, at: number, position: number, overrides: Partial<DealEntity>): DealEntity {
  return {
    partnerId: data.partnerId,
    domain,
    registeredAt: at,
    position,
    approvedAt: null,
    protectionDays: null,
    rejectedAt: null,
    rejectionReason: null,
    automatic: false,
    ...overrides,
  };
}

/** `deal.approved`: only a registration still pending at the approval's business time is approved. */
export function approveDeal(state: AttributionState, data: DealApprovedData, at: number, policy: AttributionPolicy): void {
  const deal = state.get('deal', data.dealId);
  if (!deal || deal.approvedAt !== null || deal.rejectedAt !== null || at > pendingEnd(deal, policy)) return;
  deal.approvedAt = at;
  deal.protectionDays = data.protectionDays ?? policy.protectionDays;
  state.touch('deal', data.dealId);
}

/** `deal.rejected`: ends a pending or approved registration; an already rejected one keeps its first rejection. */
export function rejectDeal(state: AttributionState, data: DealRejectedData, at: number): void {
  const deal = state.get('deal', data.dealId);
  if (!deal || deal.rejectedAt !== null) return;
  deal.rejectedAt = at;
  deal.rejectionReason = data.reason;
  state.touch('deal', data.dealId);
}

/** `deal.closed_lost`: the registered opportunity was lost, so its protection (or pending claim) ends at that business time. */
export function closeLostDeal(state: AttributionState, data: DealClosedLostData, at: number): void {
  const deal = state.get('deal', data.dealId);
  if (!deal || deal.rejectedAt !== null || deal.lostAt != null) return;
  deal.lostAt = at;
  deal.lostReason = data.reason ?? null;
  state.touch('deal', data.dealId);
}

/**
 * Registrations of the conversion's domain as touches. One qualifies when it was registered, approved
 * and not rejected by the conversion's business time, its protection still runs then (end included),
 * and its partner is active. If several qualify, the earliest in global order is the holder.
 */
export function registrationTouches(state: AttributionState, domain: string | null, at: number, policy: AttributionPolicy): Touch[] {
  if (domain === null) return [];
  const entity = state.get('domain', domain);
  if (!entity) return [];
  return entity.registrations.map((dealId) => {
    const deal = state.get('deal', dealId) as DealEntity;
    return {
      partnerId: deal.partnerId,
      channel: 'deal_registration',
      reference: dealId,
      at: deal.registeredAt,
      position: deal.position,
      skipReason: skipReason(state, dealId, deal, at, policy),
    };
  });
}

function skipReason(state: AttributionState, dealId: string, deal: DealEntity, at: number, policy: AttributionPolicy): string | null {
  if (deal.registeredAt > at) return `registration ${dealId} was registered on ${toIso(deal.registeredAt)}, after the conversion`;
  if (deal.rejectedAt !== null && deal.rejectedAt <= at) {
    return `registration ${dealId} was rejected on ${toIsoDate(deal.rejectedAt)}${deal.rejectionReason ? ` (${deal.rejectionReason})` : ''}`;
  }
  if (deal.lostAt != null && deal.lostAt <= at) {
    return `registration ${dealId} was closed lost on ${toIsoDate(deal.lostAt)}${deal.lostReason ? ` (${deal.lostReason})` : ''}`;
  }
  if (deal.approvedAt === null || deal.approvedAt > at) {
    if (at > pendingEnd(deal, policy)) return `registration ${dealId} expired unapproved on ${toIsoDate(pendingEnd(deal, policy))}`;
    return deal.approvedAt === null
      ? `registration ${dealId} is still pending approval`
      : `registration ${dealId} was approved only on ${toIso(deal.approvedAt)}, after the conversion`;
  }
  if (at > protectionEnd(deal)) return `protection of registration ${dealId} ended on ${toIsoDate(protectionEnd(deal))}`;
  const standing = partnerStandingAt(state, deal.partnerId, at);
  return standing.eligible ? null : standing.reason;
}
