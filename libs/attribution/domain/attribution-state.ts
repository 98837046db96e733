import type { PartnerStatus } from '@ledger/contracts';
import type { Channel } from '@ledger/contracts';
import { KeyedState, type KeyedEntity, type KeyedStateOptions } from '@ledger/kernel';

/*
 * The touch history attribution needs, as plain JSON entities grouped by kind and key, so a SQL
 * projection can persist exactly what the engine reads (one row per entity) and a restart can
 * continue from it. Times are epoch milliseconds (numbers), positions are global positions,
 * weights are decimal strings. Entities are never deleted: a later conversion may carry an old
 * business time, so no touch can be proven useless.
 *
 * Nothing outside these maps influences a decision, which is what makes a fold resumed from
 * `fromEntities(entities())` reproduce an uninterrupted one. Code must never depend on the key order
 * of objects (JSON re-sorts integer-like keys): everything ordered lives in arrays.
 */

export interface PartnerEntity {
  /** Business time of enrollment; null while only status changes are known (the partner is unknown). */
  enrolledAt: number | null;
  /** Every status change in global order; the status at a time is the latest change by business time. */
  statusChanges: { status: PartnerStatus; at: number; position: number }[];
}

export interface CouponEntity {
  /** Owner of the code as of the latest `coupon.issued` in global order. */
  partnerId: string;
  issuedAt: number;
  position: number;
}

export interface ClickTouch {
  eventId: string;
  partnerId: string;
  at: number;
  position: number;
}

export interface VisitorEntity {
  /** Clicks in global order. */
  clicks: ClickTouch[];
}

export interface VisitorLink {
  visitorId: string;
  /** Earliest business time at which the visitor was linked to the customer. */
  at: number;
  position: number;
}

export interface DomainIdentification {
  domain: string;
  at: number;
  position: number;
}

export interface CouponRedemption {
  eventId: string;
  code: string;
  /** Owner of the code when it was redeemed; null when the code had never been issued. */
  partnerId: string | null;
  issuedAt: number | null;
  at: number;
  position: number;
}

/** A partner's share of the customer's first credited conversion, reused by recurring invoices. */
export interface ReusableCredit {
  partnerId: string;
  /** The weight credited. */
  weight: string;
  /** The exact share before rounding, as a fraction ("1/6"; older states: a 40-digit decimal): rescaling starts from it, not from the rounded weight. */
  share: string;
  channel: Channel;
  /** The partner's winning touch: dealId, coupon code or click event id, and its business time. */
  reference: string;
  time: string;
}

export interface CreditedConversion {
  conversionId: string;
  at: number;
  credits: ReusableCredit[];
}

export interface CustomerEntity {
  visitors: VisitorLink[];
  /** Account domains from `customer.identified`, normalised; redundant repeats are not stored. */
  domains: DomainIdentification[];
  redemptions: CouponRedemption[];
  /** Earliest business time of any conversion of the customer (decides "first conversion"). */
  firstConversionAt: number | null;
  /** The first conversion in global order that credited a partner. */
  firstCredited: CreditedConversion | null;
}

export interface Reservation {
  at: number;
  /** Inclusive end of the reservation; null when open-ended. */
  until: number | null;
  position: number;
}

export interface DomainEntity {
  reservations: Reservation[];
  /** Accepted (not automatically rejected) registrations of the domain, dealIds in global order. */
  registrations: string[];
}

export interface DealEntity {
  partnerId: string;
  domain: string;
  registeredAt: number;
  position: number;
  approvedAt: number | null;
  /** Protection granted by the approval (days); null until approved. */
  protectionDays: number | null;
  rejectedAt: number | null;
  rejectionReason: string | null;
  /** True when the engine rejected the registration itself (conflict, reserved, partner...). */
  automatic: boolean;
  /** `deal.closed_lost`: the opportunity was lost, its protection ends then (absent on older states). */
  lostAt?: number | null;
  lostReason?: string | null;
}

export interface EntityValueByKind {
  partner: PartnerEntity;
  coupon: CouponEntity;
  visitor: VisitorEntity;
  customer: CustomerEntity;
  domain: DomainEntity;
  deal: DealEntity;
}

export type EntityKind = keyof EntityValueByKind;
export const ENTITY_KINDS: readonly EntityKind[] = ['partner', 'coupon', 'visitor', 'customer', 'domain', 'deal'];

export type AttributionEntity = KeyedEntity<EntityValueByKind>;

export type AttributionStateOptions = KeyedStateOptions;

/** The engine's entities in a KeyedState; entities are never deleted (see above), so a change always has its value. */
export class AttributionState extends KeyedState<EntityValueByKind> {
  constructor(options: AttributionStateOptions = {}) {
    super(ENTITY_KINDS, options);
  }

  /**
   * Rebuilds a state from persisted entities (e.g. rows of the SQL projection, parsed from JSON).
   * The values are adopted as they are, not copied; the loaded entities do not count as dirty.
   */
  static fromEntities(entities: Iterable<AttributionEntity>, options: AttributionStateOptions = {}): AttributionState {
    return new AttributionState(options).load(entities);
  }

  /**
   * Entities changed since the previous call (or since construction), then forgets them: a projection
   * upserts these rows in the same transaction as its checkpoint. Values are live, like `entities()`.
   */
  override takeDirty(): AttributionEntity[] {
    return super.takeDirty() as AttributionEntity[];
  }

  /** Number of entities of each kind (for logs and benchmarks). */
  counts(): Record<EntityKind, number> {
    return Object.fromEntries(ENTITY_KINDS.map((kind) => [kind, this.size(kind)])) as Record<EntityKind, number>;
  }
}
