import type { AttributionState, DomainEntity } from './attribution-state';

/**
 * Account domains are compared lower-cased without a leading "www." (SPEC §3), so "WWW.Acme.com"
 * and "acme.com" are the same account. Only one leading "www." is removed.
 */
export function normalizeDomain(domain: string): string {
  const lower = domain.trim().toLowerCase();
  return lower.startsWith('www.') ? lower.slice(4) : lower;
}

/** The domain entity, created on first use (reservations and registrations share it). */
export function domainEntity(state: AttributionState, domain: string): DomainEntity {
  let entity = state.get('domain', domain);
  if (!entity) {
    entity = { reservations: [], registrations: [] };
    state.put('domain', domain, entity);
  }
  return entity;
}
