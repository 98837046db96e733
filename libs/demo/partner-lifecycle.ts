import type { PartnerType } from '@ledger/contracts';
import type { DemoContext } from './demo-context';
import type { DemoPartner } from './partner-roster';
import { DAY_MS } from '@ledger/kernel';
import { partnerWebsite } from './planted-risk-patterns';

const CERTIFICATIONS = ['sales-foundations', 'technical-implementation', 'solutions-architect'];

/** Chance that a partner of this type has a coupon code (self-serve channels use them most). */
const COUPON_CHANCE: Readonly<Record<PartnerType, number>> = {
  affiliate: 0.85,
  referral: 0.6,
  technology: 0.3,
  service: 0.1,
  reseller: 0.05,
  strategic: 0,
};

/**
 * Plans each partner's life in the program: enrollment, its coupon, certifications (they count
 * toward the silver tier), and a few suspensions (half of them lifted later) and terminations.
 * Records the status periods on the partners so the funnels know who is still around.
 */
export function planPartnerLifecycles(context: DemoContext, partners: DemoPartner[]): void {
  const { random, agenda } = context;
  const codes = new Set<string>();
  for (const partner of partners) {
    agenda.plan('partner.enrolled', partner.enrolledAt, {
      partnerId: partner.partnerId,
      name: partner.name,
      partnerType: partner.partnerType,
      websiteDomain: partnerWebsite(partner),
    });
    if (random.chance(COUPON_CHANCE[partner.partnerType])) {
      const code = couponCode(partner, random.pick([10, 15, 20]), codes);
      partner.coupon = code;
      agenda.plan('coupon.issued', random.instant(partner.enrolledAt + 3_600_000, partner.enrolledAt + 3 * DAY_MS), {
        code,
        partnerId: partner.partnerId,
      });
    }
    const certified = random.chance(partner.partnerType === 'affiliate' ? 0.15 : 0.65);
    if (certified) {
      const first = random.instant(partner.enrolledAt + 10 * DAY_MS, partner.enrolledAt + 50 * DAY_MS);
      const [one, two] = random.shuffle(CERTIFICATIONS);
      agenda.plan('partner.certified', first, { partnerId: partner.partnerId, certification: one });
      if (random.chance(0.3))
        agenda.plan('partner.certified', random.instant(first + 30 * DAY_MS, first + 90 * DAY_MS), {
          partnerId: partner.partnerId,
          certification: two,
        });
    }
  }
  planStatusChanges(context, partners);
}

/** About 6 % of partners are suspended (half reinstated 3 to 7 weeks later) and 3 % terminated; at least one of each. */
function planStatusChanges(context: DemoContext, partners: DemoPartner[]): void {
  const { random, agenda, calendar } = context;
  const candidates = random.shuffle(partners.filter((partner) => partner.enrolledAt + 50 * DAY_MS < calendar.end - 20 * DAY_MS));
  const suspended = candidates.slice(0, Math.max(1, Math.round(partners.length * 0.06)));
  const terminated = candidates.slice(suspended.length, suspended.length + Math.max(1, Math.round(partners.length * 0.03)));
  for (const partner of suspended) {
    const from = random.instant(partner.enrolledAt + 30 * DAY_MS, calendar.end - 20 * DAY_MS);
    agenda.plan('partner.status_changed', from, { partnerId: partner.partnerId, status: 'suspended' });
    const reinstated = random.chance(0.5) ? random.instant(from + 20 * DAY_MS, from + 50 * DAY_MS) : Infinity;
    if (reinstated < calendar.end) agenda.plan('partner.status_changed', reinstated, { partnerId: partner.partnerId, status: 'active' });
    partner.suspensions.push([from, reinstated]);
  }
  for (const partner of terminated) {
    partner.terminatedAt = random.instant(partner.enrolledAt + 45 * DAY_MS, calendar.end - 10 * DAY_MS);
    agenda.plan('partner.status_changed', partner.terminatedAt, { partnerId: partner.partnerId, status: 'terminated' });
  }
}

/** "NOVA15": the first word of the partner's name and the discount; the partner number breaks ties. */
function couponCode(partner: DemoPartner, percent: number, taken: Set<string>): string {
  const base = `${partner.name.split(' ')[0].toUpperCase()}${percent}`;
  const code = taken.has(base) ? `${base}-${partner.partnerId.replace('P-', '')}` : base;
  taken.add(code);
  return code;
}
