import type { PartnerType } from '@ledger/contracts';
import type { DemoContext } from './demo-context';
import { pickCurrency, subscriptionPrice } from './demo-currencies';
import { isEnrolled, isSuspended, presence, type DemoPartner } from './partner-roster';
import { DAY_MS } from '@ledger/kernel';
import type { Subscriptions } from './subscriptions';

/** Visitors a partner of each type sends in a full month, before its activity factor. */
const VISITORS_PER_MONTH: Readonly<Record<PartnerType, number>> = {
  affiliate: 16,
  referral: 6,
  technology: 8,
  service: 2,
  reseller: 1.5,
  strategic: 0.5,
};

const SIGNUP_CHANCE = 0.14;
const MEDIUM: Readonly<Record<PartnerType, string>> = {
  affiliate: 'affiliate',
  referral: 'referral',
  technology: 'integration',
  service: 'partner',
  reseller: 'partner',
  strategic: 'partner',
};
/** A code nobody issued: its redemptions show up as skipped candidates. */
const UNISSUED_CODE = 'WELCOME10';

/**
 * The product-led side: partners' tracking links bring visitors (some also click another
 * partner's link), a share of them sign up — identified as a customer of a new account, sometimes
 * with a coupon — and start a monthly subscription. Direct signups come with no partner at all.
 */
export class SelfServeFunnel {
  constructor(
    private readonly context: DemoContext,
    private readonly partners: readonly DemoPartner[],
    private readonly subscriptions: Subscriptions,
  ) {}

  planMonth(index: number): void {
    const { calendar, random } = this.context;
    const from = calendar.monthStart(index);
    const to = calendar.monthStart(index + 1);
    for (const partner of this.partners) {
      const share = presence(partner, from, to);
      if (share === 0) continue;
      const visitors = random.count(VISITORS_PER_MONTH[partner.partnerType] * partner.activity * share);
      for (let i = 0; i < visitors; i++) this.referredVisitor(partner, random.instant(Math.max(from, partner.enrolledAt + 3_600_000), to));
    }
    const direct = random.count(2 + this.partners.length * 0.08);
    for (let i = 0; i < direct; i++) this.directSignup(random.instant(from + 3_600_000, to));
  }

  private referredVisitor(partner: DemoPartner, firstClick: number): void {
    const { random, ids } = this.context;
    const visitorId = ids.visitor();
    let last = firstClick;
    const clicks = random.weighted([
      [1, 60],
      [2, 25],
      [3, 15],
    ] as const);
    for (let click = 0; click < clicks; click++) {
      if (click > 0) last = random.instant(last + 3_600_000, last + 6 * DAY_MS);
      // One visitor in five also follows another partner's link: multi-touch, the last click wins.
      const other = click > 0 && random.chance(0.2) ? this.anotherPartner(partner, last) : undefined;
      this.click(other ?? partner, visitorId, last);
    }
    if (!random.chance(SIGNUP_CHANCE)) return;
    // Most sign up inside the 30-day click window; some come back too late for the click to count.
    const signup = random.chance(0.9)
      ? random.instant(last + 3_600_000, last + 25 * DAY_MS)
      : random.instant(last + 31 * DAY_MS, last + 45 * DAY_MS);
    const coupon = partner.coupon && random.chance(0.35) ? partner.coupon : random.chance(0.03) ? UNISSUED_CODE : undefined;
    this.signup(visitorId, signup, coupon);
  }

  private click(partner: DemoPartner, visitorId: string, time: number): void {
    const { random, agenda } = this.context;
    const tagged = random.chance(0.5);
    agenda.plan('click.recorded', time, {
      partnerId: partner.partnerId,
      visitorId,
      linkId: `L-${partner.partnerId}-${random.between(1, 4)}`,
      ...(tagged
        ? {
            landingUrl: `https://www.example-saas.com/${random.pick(['pricing', 'features', 'integrations', 'signup'])}`,
            utm: {
              source: partner.partnerId.toLowerCase(),
              medium: MEDIUM[partner.partnerType],
              campaign: random.pick(['launch', 'webinar', 'newsletter', 'review']),
            },
          }
        : {}),
    });
  }

  /** A partner other than `partner`, enrolled and still around at `time`, with a tracking link of its own. */
  private anotherPartner(partner: DemoPartner, time: number): DemoPartner | undefined {
    const others = this.partners.filter(
      (other) => other !== partner && isEnrolled(other, time) && VISITORS_PER_MONTH[other.partnerType] >= 4,
    );
    return others.length > 0 ? this.context.random.pick(others) : undefined;
  }

  /** A visitor with no partner touch (or, one time in ten, a partner's coupon found on a deals site). */
  private directSignup(time: number): void {
    const { random, ids } = this.context;
    const withCoupons = this.partners.filter((partner) => partner.coupon && isEnrolled(partner, time) && !isSuspended(partner, time));
    const coupon = withCoupons.length > 0 && random.chance(0.1) ? random.pick(withCoupons).coupon : undefined;
    this.signup(ids.visitor(), time, coupon);
  }

  private signup(visitorId: string, time: number, coupon: string | undefined): void {
    const { random, ids, agenda, companies } = this.context;
    const customerId = ids.customer();
    const currency = pickCurrency(random);
    agenda.plan('customer.identified', time - 600_000, { customerId, visitorId, accountDomain: companies.next().domain });
    if (coupon) agenda.plan('coupon.redeemed', time - 300_000, { code: coupon, customerId });
    this.subscriptions.start(customerId, subscriptionPrice(random, currency), time);
  }
}
