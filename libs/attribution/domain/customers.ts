import type { CustomerIdentifiedData } from '@ledger/contracts';
import type { AttributionState, CustomerEntity } from './attribution-state';
import { normalizeDomain } from './account-domain';

/** The customer entity, created on first use. */
export function customerEntity(state: AttributionState, customerId: string): CustomerEntity {
  let customer = state.get('customer', customerId);
  if (!customer) {
    customer = { visitors: [], domains: [], redemptions: [], firstConversionAt: null, firstCredited: null };
    state.put('customer', customerId, customer);
  }
  return customer;
}

/**
 * `customer.identified` (identity stitching): links the visitor cookie to the customer, so that
 * visitor's clicks count for the customer's conversions from the link's business time on, and
 * records the customer's account domain (used by its invoices).
 */
export function identifyCustomer(state: AttributionState, data: CustomerIdentifiedData, at: number, position: number): void {
  const customer = customerEntity(state, data.customerId);
  if (data.visitorId !== undefined) {
    const link = customer.visitors.find((existing) => existing.visitorId === data.visitorId);
    if (!link) customer.visitors.push({ visitorId: data.visitorId, at, position });
    else if (at < link.at) link.at = at; // a link exists from its earliest business time
  }
  if (data.accountDomain !== undefined) {
    const domain = normalizeDomain(data.accountDomain);
    const latest = latestDomain(customer, Number.POSITIVE_INFINITY);
    // Re-identifying with the domain that is already the latest one adds nothing: skip it to keep the list short.
    if (!(latest && latest.domain === domain && latest.at <= at)) customer.domains.push({ domain, at, position });
  }
  state.touch('customer', data.customerId);
}

/** The customer's account domain at business time `at`: the latest identification by business time (ties: global order). */
export function customerDomainAt(customer: CustomerEntity | undefined, at: number): string | null {
  return (customer && latestDomain(customer, at)?.domain) ?? null;
}

function latestDomain(customer: CustomerEntity, at: number): CustomerEntity['domains'][number] | undefined {
  let latest: CustomerEntity['domains'][number] | undefined;
  for (const entry of customer.domains) {
    if (entry.at > at) continue;
    if (!latest || entry.at > latest.at || (entry.at === latest.at && entry.position > latest.position)) latest = entry;
  }
  return latest;
}
