import type { RecordedEvent } from '@ledger/contracts';
import type { EntityRef } from '@ledger/kernel';
import { normalizeDomain } from './account-domain';
import type { CouponEntity, CustomerEntity, DealEntity, DomainEntity, EntityKind, VisitorEntity } from './attribution-state';

/** Which entity each identifying field of an upstream event's data names. */
const FIELD_KINDS: ReadonlyArray<[field: string, kind: EntityKind]> = [
  ['partnerId', 'partner'],
  ['code', 'coupon'],
  ['visitorId', 'visitor'],
  ['customerId', 'customer'],
  ['dealId', 'deal'],
  ['accountDomain', 'domain'],
];

/**
 * The entities folding `recorded` starts from: those its data names. A partial state fetches them
 * (and what they point at, `entityRefsOf`) before a batch; a read outside them is a miss the fold recovers from.
 */
export function entityRefsOfEvent(recorded: RecordedEvent): EntityRef[] {
  const data = recorded.event.data as Record<string, unknown> | null;
  if (data === null || typeof data !== 'object') return [];
  const refs: EntityRef[] = [];
  for (const [field, kind] of FIELD_KINDS) {
    const value = data[field];
    if (typeof value === 'string') refs.push({ kind, key: kind === 'domain' ? normalizeDomain(value) : value });
  }
  return refs;
}

/** The entities an entity points at, which a fold that reads it may read next. */
export function entityRefsOf(kind: string, value: unknown): EntityRef[] {
  switch (kind as EntityKind) {
    case 'customer': {
      const customer = value as CustomerEntity;
      return [
        ...customer.visitors.map((link) => ({ kind: 'visitor', key: link.visitorId })),
        ...customer.domains.map((identified) => ({ kind: 'domain', key: identified.domain })),
        ...customer.redemptions.flatMap((redemption) => (redemption.partnerId ? [{ kind: 'partner', key: redemption.partnerId }] : [])),
        ...(customer.firstCredited?.credits ?? []).map((credit) => ({ kind: 'partner', key: credit.partnerId })),
      ];
    }
    case 'visitor':
      return (value as VisitorEntity).clicks.map((click) => ({ kind: 'partner', key: click.partnerId }));
    case 'domain':
      return (value as DomainEntity).registrations.map((dealId) => ({ kind: 'deal', key: dealId }));
    case 'deal': {
      const deal = value as DealEntity;
      return [
        { kind: 'partner', key: deal.partnerId },
        { kind: 'domain', key: deal.domain },
      ];
    }
    case 'coupon':
      return [{ kind: 'partner', key: (value as CouponEntity).partnerId }];
    default:
      return [];
  }
}
