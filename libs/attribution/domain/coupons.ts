import type { CouponIssuedData, CouponRedeemedData } from '@ledger/contracts';
import type { AttributionState, CustomerEntity } from './attribution-state';
import type { Touch } from './touch';
import { customerEntity } from './customers';
import { partnerStandingAt } from './partners';
import { toIso } from '@ledger/kernel';

/** `coupon.issued`: the code belongs to the partner from now on (a re-issue changes the owner for later redemptions). */
export function issueCoupon(state: AttributionState, data: CouponIssuedData, at: number, position: number): void {
  state.put('coupon', data.code, { partnerId: data.partnerId, issuedAt: at, position });
}

/**
 * `coupon.redeemed`: remembered with the code's owner at that moment, so only codes issued earlier in
 * global order can ever credit a partner.
 */
export function redeemCoupon(state: AttributionState, data: CouponRedeemedData, at: number, position: number, eventId: string): void {
  const coupon = state.get('coupon', data.code);
  const customer = customerEntity(state, data.customerId);
  customer.redemptions.push({
    eventId,
    code: data.code,
    partnerId: coupon?.partnerId ?? null,
    issuedAt: coupon?.issuedAt ?? null,
    at,
    position,
  });
  state.touch('customer', data.customerId);
}

/** The customer's redemptions as touches; the most recent qualifying one (business time, then global order) wins. */
export function couponTouches(state: AttributionState, customer: CustomerEntity | undefined, at: number): Touch[] {
  if (!customer) return [];
  return customer.redemptions.map((redemption) => {
    let skipReason: string | null = null;
    if (redemption.at > at) skipReason = `coupon ${redemption.code} was redeemed on ${toIso(redemption.at)}, after the conversion`;
    else if (redemption.partnerId === null) skipReason = `coupon code ${redemption.code} was never issued (unknown when redeemed)`;
    else if ((redemption.issuedAt as number) > at)
      skipReason = `coupon code ${redemption.code} was issued on ${toIso(redemption.issuedAt as number)}, after the conversion`;
    else {
      const standing = partnerStandingAt(state, redemption.partnerId, at);
      if (!standing.eligible) skipReason = standing.reason;
    }
    return {
      partnerId: redemption.partnerId,
      channel: 'coupon',
      reference: redemption.code,
      at: redemption.at,
      position: redemption.position,
      skipReason,
    };
  });
}
