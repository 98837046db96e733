import type { MoneyJson } from '@ledger/kernel';
import type { DemoContext } from './demo-context';
import { percentOf } from './demo-currencies';
import { DAY_MS } from '@ledger/kernel';

interface Subscription {
  customerId: string;
  price: MoneyJson;
  firstInvoiceAt: number;
  invoices: number;
  /** Chance of cancelling at each renewal. */
  churn: number;
}

/**
 * Recurring billing: each subscription pays an invoice every month from its first one until the
 * customer cancels. A few invoices are refunded in full (cancellation) or in half (a downgrade).
 * A customer's first invoice is a fresh conversion; later ones reuse its credits for 12 months.
 */
export class Subscriptions {
  private readonly live: Subscription[] = [];

  constructor(private readonly context: DemoContext) {}

  start(customerId: string, price: MoneyJson, firstInvoiceAt: number, churn = 0.03): void {
    this.live.push({ customerId, price, firstInvoiceAt, invoices: 0, churn });
  }

  /** Plans every invoice (and its refund) that falls in month `index`. */
  planMonth(index: number): void {
    const { calendar, random } = this.context;
    const monthEnd = calendar.monthEnd(index);
    for (let i = 0; i < this.live.length; i++) {
      const subscription = this.live[i];
      let cancelled = false;
      for (;;) {
        const due = calendar.addMonths(subscription.firstInvoiceAt, subscription.invoices);
        if (due > monthEnd) break;
        if (subscription.invoices > 0 && random.chance(subscription.churn)) {
          cancelled = true;
          break;
        }
        this.invoice(subscription, due);
        subscription.invoices += 1;
      }
      if (cancelled) this.live.splice(i--, 1);
    }
  }

  private invoice(subscription: Subscription, time: number): void {
    const { random, agenda, ids } = this.context;
    const invoiceId = ids.invoice();
    agenda.plan('invoice.paid', time, { invoiceId, customerId: subscription.customerId, amount: subscription.price });
    const refund = random.float();
    if (refund < 0.025) {
      agenda.plan('invoice.refunded', random.instant(time + DAY_MS, time + 10 * DAY_MS), { invoiceId, amount: subscription.price });
    } else if (refund < 0.04) {
      agenda.plan('invoice.refunded', random.instant(time + DAY_MS, time + 10 * DAY_MS), {
        invoiceId,
        amount: percentOf(subscription.price, 50),
      });
    }
  }
}
