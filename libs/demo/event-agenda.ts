import type { CloudEvent, EventDataByType, UpstreamEventType } from '@ledger/contracts';
import type { ProgramCalendar } from './program-calendar';

/** The upstream system that publishes each kind of fact (the `source` of its CloudEvents). */
export const SOURCE_OF: Readonly<Record<UpstreamEventType, string>> = {
  'partner.enrolled': 'partner-portal',
  'partner.certified': 'partner-portal',
  'partner.status_changed': 'partner-portal',
  'coupon.issued': 'checkout',
  'coupon.redeemed': 'checkout',
  'click.recorded': 'link-tracker',
  'customer.identified': 'crm',
  'account.reserved': 'crm',
  'deal.registered': 'crm',
  'deal.approved': 'crm',
  'deal.rejected': 'crm',
  'deal.closed_lost': 'crm',
  'deal.closed_won': 'crm',
  'invoice.paid': 'billing',
  'invoice.refunded': 'billing',
  'payout.paid': 'payment-provider',
  'payout.failed': 'payment-provider',
};

interface PlannedFact {
  time: number;
  /** Planning order: breaks ties between facts with the same business time. */
  order: number;
  type: UpstreamEventType;
  data: object;
}

/**
 * Facts planned ahead (a click now, the signup it leads to next month), handed out month by
 * month in business-time order. Facts planned after the program's end are never published.
 * Ids are given when a fact is published, per source, so they follow the order upstream sent them.
 */
export class EventAgenda {
  private readonly byMonth = new Map<number, PlannedFact[]>();
  private readonly published = new Map<string, number>();
  private planned = 0;
  private nextMonth = 0;

  constructor(private readonly calendar: ProgramCalendar) {}

  plan<T extends UpstreamEventType>(type: T, time: number, data: EventDataByType[T]): void {
    const month = this.calendar.monthOf(time);
    if (month < this.nextMonth) throw new Error(`${type} planned at ${new Date(time).toISOString()}, in a month already published`);
    if (time >= this.calendar.end) return;
    const facts = this.byMonth.get(month) ?? [];
    facts.push({ time, order: this.planned++, type, data });
    this.byMonth.set(month, facts);
  }

  /** Every fact of month `index` as a CloudEvent, in business-time order; months are taken in order. */
  takeMonth(index: number): CloudEvent[] {
    if (index !== this.nextMonth) throw new Error(`month ${index} taken out of order (expected ${this.nextMonth})`);
    this.nextMonth = index + 1;
    const facts = this.byMonth.get(index) ?? [];
    this.byMonth.delete(index);
    facts.sort((a, b) => a.time - b.time || a.order - b.order);
    return facts.map((fact) => this.publish(fact.type, fact.time, fact.data));
  }

  private publish(type: UpstreamEventType, time: number, data: object): CloudEvent {
    const source = SOURCE_OF[type];
    const sequence = (this.published.get(source) ?? 0) + 1;
    this.published.set(source, sequence);
    return {
      specversion: '1.0',
      id: `${source}-${String(sequence).padStart(6, '0')}`,
      source,
      type,
      time: new Date(time).toISOString(),
      data,
    };
  }
}
