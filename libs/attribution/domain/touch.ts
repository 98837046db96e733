import type { Channel } from '@ledger/contracts';

/** A touch considered for one conversion, before the precedence and the model decide its outcome. */
export interface Touch {
  /** null only for a redeemed coupon code that was never issued. */
  partnerId: string | null;
  channel: Channel;
  /** dealId, coupon code or click event id. */
  reference: string;
  /** Business time of the touch (epoch ms). */
  at: number;
  position: number;
  /** Why the touch does not qualify for this conversion; null when it qualifies. */
  skipReason: string | null;
}

/** Business time, then global position: the order in which touches are weighed and listed. */
export function byTimeThenPosition(a: { at: number; position: number }, b: { at: number; position: number }): number {
  return a.at - b.at || a.position - b.position;
}
