import type { CloudEvent } from '@ledger/contracts';
import { SOURCE_OF } from './event-agenda';
import { DAY_MS } from '@ledger/kernel';
import { RandomSource } from './random-source';

export interface ScheduledPayoutView {
  payoutId: string;
  partnerId: string;
  currency: string;
  amount: string;
}

const FAILURE_CHANCE = 0.06;
const FAILURE_REASONS = ['beneficiary account closed', 'invalid IBAN', 'beneficiary name does not match the account'];

/**
 * The payment provider's answers to one month's payout run: most payouts are paid, about 6 %
 * fail, 1 to 5 days after the run. Which ones fail and when is fixed by the seed and the month,
 * taken in (partner, currency) order, so it does not depend on the run's generated payout ids.
 */
export function payoutOutcomes(
  seed: number,
  month: { label: string; asOf: string },
  payouts: readonly ScheduledPayoutView[],
): CloudEvent[] {
  const random = RandomSource.derive(seed, `payouts ${month.label}`);
  const runAt = Date.parse(month.asOf);
  const ordered = [...payouts].sort((a, b) =>
    a.partnerId === b.partnerId ? (a.currency < b.currency ? -1 : 1) : a.partnerId < b.partnerId ? -1 : 1,
  );
  const events = ordered.map((payout): CloudEvent => {
    const failed = random.chance(FAILURE_CHANCE);
    const type = failed ? 'payout.failed' : 'payout.paid';
    const time = new Date(random.instant(runAt + DAY_MS, runAt + 5 * DAY_MS)).toISOString();
    return {
      specversion: '1.0',
      id: `${month.label}-${payout.partnerId}-${payout.currency}`,
      source: SOURCE_OF[type],
      type,
      time,
      data: failed ? { payoutId: payout.payoutId, reason: random.pick(FAILURE_REASONS) } : { payoutId: payout.payoutId },
    };
  });
  return events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}
