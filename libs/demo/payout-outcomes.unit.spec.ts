import { validateCloudEvent } from '@ledger/contracts';
import { payoutOutcomes, type ScheduledPayoutView } from './payout-outcomes';

const month = { label: '2025-03', asOf: '2025-03-31T23:59:59.999Z' };
const payouts: ScheduledPayoutView[] = Array.from({ length: 200 }, (_, i) => ({
  payoutId: `po_${i}`,
  partnerId: `P-${String(Math.floor(i / 2) + 1).padStart(3, '0')}`,
  currency: i % 2 === 0 ? 'USD' : 'EUR',
  amount: '100.00',
}));

describe('payoutOutcomes', () => {
  it('answers every payout once, mostly paid, a few failed with a reason, 1 to 5 days after the run', () => {
    const events = payoutOutcomes(42, month, payouts);
    expect(events.map((event) => (event.data as { payoutId: string }).payoutId).sort()).toEqual(payouts.map((p) => p.payoutId).sort());
    const failed = events.filter((event) => event.type === 'payout.failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(events.length / 5);
    expect(failed.every((event) => typeof (event.data as { reason?: string }).reason === 'string')).toBe(true);
    for (const event of events) {
      expect(validateCloudEvent(event).ok).toBe(true);
      expect(event.time > '2025-04-01T23:59:59.998Z' && event.time < '2025-04-05T23:59:59.999Z').toBe(true);
    }
    expect(events.map((event) => event.time)).toEqual(events.map((event) => event.time).sort());
  });

  it('depends on the seed, the month and who is paid, not on the generated payout ids or their order', () => {
    const first = payoutOutcomes(42, month, payouts);
    const renamed = payouts.map((payout, i) => ({ ...payout, payoutId: `po_other_${i}` })).reverse();
    const strip = (events: typeof first) => events.map(({ id, type, time }) => ({ id, type, time }));
    expect(strip(payoutOutcomes(42, month, renamed))).toEqual(strip(first));
    expect(strip(payoutOutcomes(43, month, payouts))).not.toEqual(strip(first));
    expect(strip(payoutOutcomes(42, { label: '2025-04', asOf: '2025-04-30T23:59:59.999Z' }, payouts))).not.toEqual(strip(first));
  });
});
