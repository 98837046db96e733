import type { AccountReservedData } from '@ledger/contracts';
import type { AttributionState, Reservation } from './attribution-state';
import { domainEntity, normalizeDomain } from './account-domain';
import { toIsoDate, toMillis } from '@ledger/kernel';

/** `account.reserved`: the domain is kept for direct sales from the event's business time until `until` (inclusive). */
export function recordReservation(state: AttributionState, data: AccountReservedData, at: number, position: number): void {
  const domain = normalizeDomain(data.accountDomain);
  const entity = domainEntity(state, domain);
  entity.reservations.push({ at, until: data.until === undefined ? null : toMillis(data.until), position });
  state.touch('domain', domain);
}

/**
 * The reservation covering business time `at`, if any. Reservations accumulate (there is no event
 * that lifts one): a domain is reserved at `at` when any reservation covers it. The one reaching
 * furthest is returned so the reason names the latest end.
 */
export function reservationAt(state: AttributionState, domain: string | null, at: number): Reservation | undefined {
  if (domain === null) return undefined;
  const entity = state.get('domain', domain);
  if (!entity) return undefined;
  let covering: Reservation | undefined;
  for (const reservation of entity.reservations) {
    if (reservation.at > at || (reservation.until !== null && at > reservation.until)) continue;
    if (!covering || reservation.until === null || (covering.until !== null && reservation.until > covering.until)) covering = reservation;
  }
  return covering;
}

export function describeReservation(domain: string, reservation: Reservation): string {
  const end = reservation.until === null ? 'with no end date' : `until ${toIsoDate(reservation.until)}`;
  return `account ${domain} is reserved for direct sales ${end}`;
}
