import type { ClickRecordedData } from '@ledger/contracts';
import type { AttributionState, CustomerEntity } from './attribution-state';
import type { AttributionPolicy } from '@ledger/contracts';
import type { Touch } from './touch';
import { partnerStandingAt } from './partners';
import { DAY_MS, toIso } from '@ledger/kernel';

/** `click.recorded`: indexed by visitor, so a conversion only reads the clicks of its customer's visitors. */
export function recordClick(state: AttributionState, data: ClickRecordedData, at: number, position: number, eventId: string): void {
  const visitor = state.get('visitor', data.visitorId);
  const click = { eventId, partnerId: data.partnerId, at, position };
  if (visitor) {
    visitor.clicks.push(click);
    state.touch('visitor', data.visitorId);
  } else {
    state.put('visitor', data.visitorId, { clicks: [click] });
  }
}

/**
 * Clicks of every visitor linked to the customer, as touches. A click qualifies when its visitor was
 * linked by the conversion's business time, it happened within the click window
 * [conversion - clickWindowDays, conversion] (both bounds included), and its partner is active.
 */
export function clickTouches(
  state: AttributionState,
  customer: CustomerEntity | undefined,
  at: number,
  policy: AttributionPolicy,
): Touch[] {
  if (!customer) return [];
  const windowStart = at - policy.clickWindowDays * DAY_MS;
  const touches: Touch[] = [];
  for (const link of customer.visitors) {
    const visitor = state.get('visitor', link.visitorId);
    if (!visitor) continue;
    for (const click of visitor.clicks) {
      let skipReason: string | null = null;
      if (link.at > at) skipReason = `visitor ${link.visitorId} was linked to the customer only on ${toIso(link.at)}, after the conversion`;
      else if (click.at > at) skipReason = `click on ${toIso(click.at)} is after the conversion`;
      else if (click.at < windowStart) skipReason = `click outside the ${policy.clickWindowDays}-day window (on ${toIso(click.at)})`;
      else {
        const standing = partnerStandingAt(state, click.partnerId, at);
        if (!standing.eligible) skipReason = standing.reason;
      }
      touches.push({
        partnerId: click.partnerId,
        channel: 'click',
        reference: click.eventId,
        at: click.at,
        position: click.position,
        skipReason,
      });
    }
  }
  return touches;
}
