import type { RecordedEvent } from '@ledger/contracts';
import type { AttributionOptions } from '../policy-timeline';
import type { DealRegistrationRejected } from '../decision';
import type { AttributionDecision } from '@ledger/contracts';
import { DEFAULT_POLICY } from '../policy';
import { type AttributionPolicy } from '@ledger/contracts';
import { replay } from '../replay';

/** Small readable builders for attribution tests: each call appends one event at the next global position. */
export class History {
  readonly events: RecordedEvent[] = [];

  add(type: string, time: string, data: object, id?: string): RecordedEvent {
    const position = this.events.length + 1;
    const recorded: RecordedEvent = {
      position,
      streamId: `test-${type}`,
      revision: position - 1,
      recordedAt: time,
      event: { specversion: '1.0', id: id ?? `evt-${position}`, source: 'test', type, time, data },
    };
    this.events.push(recorded);
    return recorded;
  }

  enroll(partnerId: string, time = T0): this {
    this.add('partner.enrolled', time, { partnerId, name: `Partner ${partnerId}`, partnerType: 'affiliate' });
    return this;
  }
  status(partnerId: string, status: 'active' | 'suspended' | 'terminated', time: string): this {
    this.add('partner.status_changed', time, { partnerId, status });
    return this;
  }
  issue(code: string, partnerId: string, time = T0): this {
    this.add('coupon.issued', time, { code, partnerId });
    return this;
  }
  redeem(code: string, customerId: string, time: string): this {
    this.add('coupon.redeemed', time, { code, customerId });
    return this;
  }
  click(partnerId: string, visitorId: string, time: string, id?: string): this {
    this.add('click.recorded', time, { partnerId, visitorId }, id);
    return this;
  }
  identify(customerId: string, link: { visitorId?: string; accountDomain?: string }, time = T0): this {
    this.add('customer.identified', time, { customerId, ...link });
    return this;
  }
  reserve(accountDomain: string, time: string, until?: string): this {
    this.add('account.reserved', time, until === undefined ? { accountDomain } : { accountDomain, until });
    return this;
  }
  register(dealId: string, partnerId: string, accountDomain: string, time: string): this {
    this.add('deal.registered', time, { dealId, partnerId, accountDomain });
    return this;
  }
  approve(dealId: string, time: string, protectionDays?: number): this {
    this.add('deal.approved', time, protectionDays === undefined ? { dealId } : { dealId, protectionDays });
    return this;
  }
  lose(dealId: string, time: string, reason = 'went with a competitor'): this {
    this.add('deal.closed_lost', time, { dealId, reason });
    return this;
  }
  reject(dealId: string, time: string, reason = 'not a real opportunity'): this {
    this.add('deal.rejected', time, { dealId, reason });
    return this;
  }
  won(conversionId: string, customerId: string, accountDomain: string, amount: string, time: string, currency = 'USD'): this {
    this.add('deal.closed_won', time, { conversionId, customerId, accountDomain, amount: { amount, currency } });
    return this;
  }
  invoice(invoiceId: string, customerId: string, amount: string, time: string, currency = 'USD'): this {
    this.add('invoice.paid', time, { invoiceId, customerId, amount: { amount, currency } });
    return this;
  }
}

/** A quiet business time before everything else in the examples. */
export const T0 = '2026-01-01T00:00:00.000Z';

/** ISO time `days` (possibly fractional or negative) after `iso`, plus `ms` milliseconds. */
export function plusDays(iso: string, days: number, ms = 0): string {
  return new Date(Date.parse(iso) + days * 86_400_000 + ms).toISOString();
}

export interface Outcome {
  decisions: Map<string, AttributionDecision>;
  rejections: Map<string, DealRegistrationRejected>;
}

/** Replays the history and indexes the outputs (the last decision per conversionId). */
export function run(history: History, policy: Partial<AttributionPolicy> = {}, recurringMonths = 12): Outcome {
  const options: AttributionOptions = { policy: { ...DEFAULT_POLICY, ...policy }, recurringMonths };
  const { outputs } = replay(history.events, options);
  const outcome: Outcome = { decisions: new Map(), rejections: new Map() };
  for (const output of outputs) {
    if (output.kind === 'decision') outcome.decisions.set(output.decision.conversionId, output.decision);
    else outcome.rejections.set(output.rejection.dealId, output.rejection);
  }
  return outcome;
}

/** "P-1=0.5@50.00, P-2=0.5@50.00": compact view of credits for example tables. */
export function creditsOf(decision: AttributionDecision | undefined): string {
  if (!decision) return '(no decision)';
  return decision.credits.map((credit) => `${credit.partnerId}=${credit.weight}@${credit.revenue}`).join(', ');
}
