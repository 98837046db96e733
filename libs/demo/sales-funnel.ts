import type { PartnerType } from '@ledger/contracts';
import type { MoneyJson } from '@ledger/kernel';
import type { DemoContext } from './demo-context';
import { dealAmount, percentOf, pickCurrency } from './demo-currencies';
import { isEnrolled, presence, type DemoPartner } from './partner-roster';
import { DAY_MS } from '@ledger/kernel';
import type { Subscriptions } from './subscriptions';

/** Deal registrations a partner of each type submits in a full month, before its activity factor. */
const REGISTRATIONS_PER_MONTH: Readonly<Record<PartnerType, number>> = {
  reseller: 1.4,
  service: 0.7,
  strategic: 0.5,
  referral: 0.35,
  technology: 0.3,
  affiliate: 0.03,
};

/** Contract size range in US dollars (converted for other currencies). */
const DEAL_SIZE: Readonly<Record<PartnerType | 'direct', readonly [number, number]>> = {
  strategic: [40_000, 250_000],
  reseller: [8_000, 60_000],
  service: [5_000, 40_000],
  referral: [3_000, 25_000],
  technology: [3_000, 25_000],
  affiliate: [2_000, 10_000],
  direct: [5_000, 80_000],
};

const LOSS_REASONS = ['went with a competitor', 'budget frozen', 'no decision'];

const REJECTION_REASONS = [
  'customer is already in an active sales cycle',
  'not qualified: no budget or timeline confirmed',
  'duplicate of an opportunity the direct team owns',
];

/**
 * The sales-led side: partners register deals on prospect accounts, the partner manager approves
 * or rejects them, and approved deals mostly close inside their protection period. Some
 * registrations collide (a second partner claims the same domain: the ledger rejects it), some
 * target accounts reserved for direct sales, and the direct team closes deals of its own.
 */
export class SalesFunnel {
  private readonly reserved: Array<{ domain: string; currency: string }> = [];

  constructor(
    private readonly context: DemoContext,
    private readonly partners: readonly DemoPartner[],
    private readonly subscriptions: Subscriptions,
  ) {}

  /** Accounts kept for direct sales, from the program's first days; each closes directly at some point. */
  reserveAccounts(): void {
    const { random, agenda, calendar, companies } = this.context;
    const count = Math.max(2, Math.round(this.partners.length / 20));
    for (let i = 0; i < count; i++) {
      const account = { domain: companies.next().domain, currency: pickCurrency(random) };
      this.reserved.push(account);
      const until = random.chance(0.5) ? new Date(calendar.addMonths(calendar.start, random.between(6, 12))).toISOString() : undefined;
      agenda.plan('account.reserved', random.instant(calendar.start, calendar.start + 3 * DAY_MS), {
        accountDomain: account.domain,
        ...(until ? { until } : {}),
      });
      const close = random.instant(calendar.start + 20 * DAY_MS, calendar.end);
      this.closeDeal(account.domain, dealAmount(random, account.currency, ...DEAL_SIZE.direct), close);
    }
  }

  planMonth(index: number): void {
    const { calendar, random, companies } = this.context;
    const from = calendar.monthStart(index);
    const to = calendar.monthStart(index + 1);
    for (const partner of this.partners) {
      const share = presence(partner, from, to);
      if (share === 0) continue;
      const registrations = random.count(REGISTRATIONS_PER_MONTH[partner.partnerType] * partner.activity * share);
      for (let i = 0; i < registrations; i++) this.register(partner, random.instant(Math.max(from, partner.enrolledAt + 3_600_000), to));
    }
    const direct = random.count(1 + this.partners.length * 0.03);
    for (let i = 0; i < direct; i++) {
      const currency = pickCurrency(random);
      this.closeDeal(companies.next().domain, dealAmount(random, currency, ...DEAL_SIZE.direct), random.instant(from + 2 * DAY_MS, to));
    }
  }

  private register(partner: DemoPartner, time: number): void {
    const { random, agenda, ids, companies } = this.context;
    const dealId = ids.deal();
    const onReserved = this.reserved.length > 0 && random.chance(0.05);
    const account = onReserved ? random.pick(this.reserved) : { domain: companies.next().domain, currency: pickCurrency(random) };
    const estimatedValue = dealAmount(random, account.currency, ...DEAL_SIZE[partner.partnerType]);
    agenda.plan('deal.registered', time, { dealId, partnerId: partner.partnerId, accountDomain: account.domain, estimatedValue });
    if (onReserved) return; // the ledger rejects it: the account is reserved for direct sales
    if (random.chance(0.1))
      this.competingRegistration(partner, account.domain, estimatedValue, random.instant(time + DAY_MS, time + 15 * DAY_MS));

    const review = random.instant(time + DAY_MS, time + 6 * DAY_MS);
    const verdict = random.weighted([
      ['approve', 78],
      ['reject', 14],
      ['none', 8],
    ] as const);
    if (verdict === 'approve') {
      const protectionDays = random.chance(0.15) ? random.pick([60, 120]) : undefined;
      agenda.plan('deal.approved', review, { dealId, ...(protectionDays ? { protectionDays } : {}) });
      const protection = protectionDays ?? 90;
      const outcome = random.weighted([
        ['won', 55],
        ['won late', 8],
        ['lost', 37],
      ] as const);
      if (outcome === 'won')
        this.closeDeal(
          account.domain,
          percentOf(estimatedValue, random.between(70, 120)),
          random.instant(review + 14 * DAY_MS, review + Math.min(75, protection - 5) * DAY_MS),
          dealId,
        );
      if (outcome === 'won late')
        this.closeDeal(
          account.domain,
          percentOf(estimatedValue, random.between(70, 120)),
          random.instant(review + (protection + 5) * DAY_MS, review + (protection + 40) * DAY_MS),
          dealId,
        );
      // The CRM closes a lost opportunity: its protection ends there (SPEC §2 deal.closed_lost).
      if (outcome === 'lost')
        agenda.plan('deal.closed_lost', random.instant(review + 10 * DAY_MS, review + (protection - 1) * DAY_MS), {
          dealId,
          reason: random.pick(LOSS_REASONS),
        });
    } else if (verdict === 'reject') {
      agenda.plan('deal.rejected', review, { dealId, reason: random.pick(REJECTION_REASONS) });
      if (random.chance(0.25))
        this.closeDeal(
          account.domain,
          percentOf(estimatedValue, random.between(70, 120)),
          random.instant(time + 30 * DAY_MS, time + 100 * DAY_MS),
        );
    } else if (random.chance(0.2)) {
      // Never reviewed: a pending registration credits nobody, even if the deal closes.
      this.closeDeal(
        account.domain,
        percentOf(estimatedValue, random.between(70, 120)),
        random.instant(time + 20 * DAY_MS, time + 80 * DAY_MS),
        dealId,
      );
    }
  }

  /** Another partner claims the same account while the first registration holds it. */
  private competingRegistration(holder: DemoPartner, domain: string, estimatedValue: MoneyJson, time: number): void {
    const { random, agenda, ids } = this.context;
    const rivals = this.partners.filter(
      (other) => other !== holder && isEnrolled(other, time) && REGISTRATIONS_PER_MONTH[other.partnerType] >= 0.3,
    );
    if (rivals.length === 0) return;
    agenda.plan('deal.registered', time, {
      dealId: ids.deal(),
      partnerId: random.pick(rivals).partnerId,
      accountDomain: domain,
      estimatedValue,
    });
  }

  private closeDeal(domain: string, amount: MoneyJson, time: number, dealId?: string): void {
    const { random, agenda, ids } = this.context;
    const customerId = ids.customer();
    const conversionId = ids.conversion();
    agenda.plan('customer.identified', random.instant(time - 2 * DAY_MS, time - 3_600_000), { customerId, accountDomain: domain });
    agenda.plan('deal.closed_won', time, { conversionId, customerId, accountDomain: domain, amount, ...(dealId ? { dealId } : {}) });
    const refund = random.float();
    if (refund < 0.015) {
      // Direct deals are sometimes cancelled outright; a partner's deal gets a 30 % credit note instead, so the
      // only partner whose deals are mostly refunded is the one the demo plants (planted-risk-patterns.ts).
      agenda.plan('invoice.refunded', random.instant(time + 5 * DAY_MS, time + 20 * DAY_MS), {
        conversionId,
        amount: dealId ? percentOf(amount, 30) : amount,
      });
    } else if (refund < 0.075) {
      agenda.plan('invoice.refunded', random.instant(time + 10 * DAY_MS, time + 60 * DAY_MS), {
        conversionId,
        amount: percentOf(amount, random.between(10, 30)),
      });
    }
    // A third of the accounts also pay monthly usage invoices: recurring credit for the deal's partner.
    if (random.chance(0.35))
      this.subscriptions.start(customerId, dealAmount(random, amount.currency, 300, 3_000), this.context.calendar.addMonths(time, 1), 0.02);
  }
}
