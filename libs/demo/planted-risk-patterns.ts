import type { RiskSignalKind } from '@ledger/contracts';
import { DAY_MS } from '@ledger/kernel';
import type { DemoContext } from './demo-context';
import { isEnrolled, isSuspended, type DemoPartner } from './partner-roster';
import { RandomSource } from './random-source';

/** One commission the demo means the risk queue to hold, and why. */
export interface PlantedRiskPattern {
  signal: RiskSignalKind;
  partnerId: string;
  conversionId: string;
  /** Business time of the conversion. */
  time: string;
  description: string;
}

const HOUR_MS = 3_600_000;
const DEAL_TYPES = new Set(['reseller', 'referral', 'service', 'strategic', 'technology']);

/** The partner's own website, as its enrolment gives it: its name as a domain under `.example`, which no customer uses. */
export function partnerWebsite(partner: Pick<DemoPartner, 'name'>): string {
  return `${partner.name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`;
}

/**
 * Plants a few suspicious patterns of each kind SPEC §9 screens for, so a newcomer finds the risk
 * queue filled: deals a partner sold to its own website's company, visitors clicking one link
 * dozens of times in minutes before buying, a partner whose deals are mostly refunded, and new
 * partners closing a large deal in their first days. Choices come from a source derived from the
 * seed (the rest of the program is unchanged), ids carry an `R` so the planted entities stand out.
 */
export class PlantedRiskPatterns {
  readonly planted: PlantedRiskPattern[] = [];
  private readonly random: RandomSource;
  private readonly used = new Set<string>();
  private serial = 0;

  constructor(
    private readonly context: DemoContext,
    private readonly partners: readonly DemoPartner[],
    seed: number,
  ) {
    this.random = RandomSource.derive(seed, 'planted-risk-patterns');
  }

  plan(): void {
    const { calendar } = this.context;
    if (calendar.months < 4) return;
    const at = (share: number) => calendar.monthStart(Math.floor(calendar.months * share)) + 12 * DAY_MS + 10 * HOUR_MS;
    for (const share of [0.4, 0.7]) this.selfReferral(at(share));
    for (const share of [0.3, 0.6]) this.clickBurst(at(share));
    this.refunds(at(0.45));
    for (const partner of this.newcomers(2)) this.largeFirstDeal(partner);
  }

  /** A deal the partner registered and won on its own website's domain. */
  private selfReferral(time: number): void {
    const partner = this.steadyPartner((p) => DEAL_TYPES.has(p.partnerType), time - 10 * DAY_MS, time + DAY_MS);
    if (!partner) return;
    const website = partnerWebsite(partner);
    const conversionId = this.deal(partner, website, '4200.00', time);
    this.note('self_referral', partner, conversionId, time, `${partner.partnerId} sold to ${website}, its own website`);
  }

  /** A fresh visitor clicks the partner's link 24 times in six minutes, then signs up and pays. */
  private clickBurst(time: number): void {
    const partner = this.steadyPartner((p) => p.partnerType === 'affiliate', time - DAY_MS, time + DAY_MS);
    if (!partner) return;
    const { agenda } = this.context;
    const n = this.next();
    const [visitorId, customerId, invoiceId] = [`V-R${n}`, `CU-R${n}`, `INV-R${n}`];
    const start = time - 2 * HOUR_MS;
    for (let i = 0; i < 24; i++) agenda.plan('click.recorded', start + i * 15_000, { partnerId: partner.partnerId, visitorId });
    agenda.plan('customer.identified', time - HOUR_MS, { customerId, visitorId, accountDomain: `burst${n}.example` });
    agenda.plan('invoice.paid', time, { invoiceId, customerId, amount: { amount: '49.00', currency: 'USD' } });
    this.note('click_velocity', partner, invoiceId, time, `visitor ${visitorId} clicked ${partner.partnerId}'s link 24 times in 6 minutes`);
  }

  /** Five deals, each refunded in full days later; the partner's next two deals are held for its refund rate. */
  private refunds(time: number): void {
    // The quietest of the types that register fewest deals, so its own business does not drown the pattern.
    const partner = this.steadyPartner(
      (p) => p.partnerType === 'referral' || p.partnerType === 'technology',
      time - DAY_MS,
      time + 60 * DAY_MS,
      true,
    );
    if (!partner) return;
    for (let i = 0; i < 5; i++) {
      const closed = time + i * 6 * DAY_MS;
      const conversionId = this.deal(partner, `refund${this.serial + 1}.example`, '8000.00', closed);
      this.context.agenda.plan('invoice.refunded', closed + 2 * DAY_MS, { conversionId, amount: { amount: '8000.00', currency: 'USD' } });
    }
    for (const days of [30, 33]) {
      const closed = time + days * DAY_MS;
      const conversionId = this.deal(partner, `refund${this.serial + 1}.example`, '2500.00', closed);
      this.note('refund_rate', partner, conversionId, closed, `${partner.partnerId} had its last five deals refunded in full`);
    }
  }

  /** A partner closes a 15,000.00 USD deal twelve days after it enrolled. */
  private largeFirstDeal(partner: DemoPartner): void {
    const time = partner.enrolledAt + 12 * DAY_MS;
    const conversionId = this.deal(partner, `newdeal${this.serial + 1}.example`, '15000.00', time);
    this.note('new_partner_large_deal', partner, conversionId, time, `${partner.partnerId} closed 15,000.00 USD 12 days after enrolling`);
  }

  /** The latest partners able to sell (not the first weeks' cohort) whose first 30 days lie in the program. */
  private newcomers(count: number): DemoPartner[] {
    const { calendar } = this.context;
    return this.partners
      .filter((p) => DEAL_TYPES.has(p.partnerType) && !this.used.has(p.partnerId))
      .filter((p) => p.enrolledAt > calendar.monthStart(1) && p.enrolledAt + 30 * DAY_MS < calendar.end)
      .filter((p) => this.steady(p, p.enrolledAt + HOUR_MS, p.enrolledAt + 13 * DAY_MS))
      .sort((a, b) => b.enrolledAt - a.enrolledAt)
      .slice(0, count)
      .map((p) => {
        this.used.add(p.partnerId);
        return p;
      });
  }

  /** Registered, approved and won: the deal credits the partner, whatever else the customer saw. */
  private deal(partner: DemoPartner, domain: string, amount: string, time: number): string {
    const { agenda } = this.context;
    const n = this.next();
    const [dealId, customerId, conversionId] = [`D-R${n}`, `CU-R${n}`, `C-R${n}`];
    agenda.plan('deal.registered', time - 7 * DAY_MS, { dealId, partnerId: partner.partnerId, accountDomain: domain });
    agenda.plan('deal.approved', time - 6 * DAY_MS, { dealId });
    agenda.plan('customer.identified', time - DAY_MS, { customerId, accountDomain: domain });
    agenda.plan('deal.closed_won', time, { conversionId, customerId, accountDomain: domain, amount: { amount, currency: 'USD' }, dealId });
    return conversionId;
  }

  /** A partner of the kind asked, enrolled 45 days before `from` and active until `to`; the quietest one when asked. */
  private steadyPartner(kind: (partner: DemoPartner) => boolean, from: number, to: number, quietest = false): DemoPartner | undefined {
    const candidates = this.partners.filter(
      (p) => kind(p) && !this.used.has(p.partnerId) && p.enrolledAt < from - 45 * DAY_MS && this.steady(p, from, to),
    );
    if (candidates.length === 0) return undefined;
    const chosen = quietest ? [...candidates].sort((a, b) => a.activity - b.activity)[0] : this.random.pick(candidates);
    this.used.add(chosen.partnerId);
    return chosen;
  }

  /** Enrolled, never suspended or terminated between `from` and `to` (a deal registered a week before counts). */
  private steady(partner: DemoPartner, from: number, to: number): boolean {
    for (let time = from - 7 * DAY_MS; time <= to; time += DAY_MS / 2) {
      if (time > partner.enrolledAt && (!isEnrolled(partner, time) || isSuspended(partner, time))) return false;
    }
    return isEnrolled(partner, to) && partner.enrolledAt < from;
  }

  private next(): string {
    this.serial += 1;
    return String(this.serial).padStart(2, '0');
  }

  private note(signal: RiskSignalKind, partner: DemoPartner, conversionId: string, time: number, description: string): void {
    if (time >= this.context.calendar.end) return;
    this.planted.push({ signal, partnerId: partner.partnerId, conversionId, time: new Date(time).toISOString(), description });
  }
}
