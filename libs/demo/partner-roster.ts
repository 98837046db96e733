import { PARTNER_TYPES, type PartnerType } from '@ledger/contracts';
import type { DemoContext } from './demo-context';
import { DAY_MS } from '@ledger/kernel';

export interface DemoPartner {
  partnerId: string;
  name: string;
  partnerType: PartnerType;
  enrolledAt: number;
  /** How busy the partner is (about 0.3 to 2.5): a few partners bring most of the business. */
  activity: number;
  /** The partner's coupon code, when it has one. */
  coupon?: string;
  /** Periods in which the partner is suspended, [from, to) (to = Infinity when never reinstated). */
  suspensions: Array<[number, number]>;
  terminatedAt?: number;
}

/** Relative frequency of each type after the first six (which are one of each). */
const TYPE_MIX: ReadonlyArray<readonly [PartnerType, number]> = [
  ['affiliate', 30],
  ['referral', 20],
  ['reseller', 20],
  ['service', 12],
  ['technology', 10],
  ['strategic', 8],
];

const NAME_ENDINGS: Readonly<Record<PartnerType, readonly string[]>> = {
  affiliate: ['Media', 'Reviews', 'Deals', 'Digital'],
  referral: ['Advisors', 'Network', 'Collective'],
  reseller: ['Solutions', 'Distribution', 'IT'],
  technology: ['Cloud', 'Software', 'Apps'],
  service: ['Consulting', 'Services', 'Partners'],
  strategic: ['Group', 'Global', 'Holdings'],
};

const NAME_STARTS = [
  'Acorn',
  'Beacon',
  'Brightline',
  'Cascade',
  'Cobalt',
  'Driftwood',
  'Ember',
  'Fjord',
  'Glacier',
  'Horizon',
  'Ironwood',
  'Juniper',
  'Keystone',
  'Lighthouse',
  'Meridian',
  'Nova',
  'Oakridge',
  'Pinnacle',
  'Quarry',
  'Redwood',
  'Sequoia',
  'Tidewater',
  'Upland',
  'Vanguard',
];

/** Share of the partners that join at launch, in the program's first two weeks; the rest join over the months. */
const LAUNCH_SHARE = 0.4;

/**
 * Who the partners are: one of each type first, then a realistic mix; 40 % enroll at launch and
 * the others over the program (not in its last month, so every partner has time to do something).
 */
export function partnerRoster(context: DemoContext, count: number): DemoPartner[] {
  const { random, calendar, ids } = context;
  const types = [
    ...random.shuffle(PARTNER_TYPES),
    ...Array.from({ length: Math.max(0, count - PARTNER_TYPES.length) }, () => random.weighted(TYPE_MIX)),
  ];
  const launchCohort = Math.max(PARTNER_TYPES.length, Math.round(count * LAUNCH_SHARE));
  const launchEnd = calendar.start + 14 * DAY_MS;
  const lastEnrollment = Math.max(launchEnd, calendar.end - 30 * DAY_MS);
  const enrollments = types.map((_, index) =>
    index < launchCohort ? random.instant(calendar.start, launchEnd) : random.instant(launchEnd, lastEnrollment),
  );
  enrollments.sort((a, b) => a - b);
  const names = new Set<string>();
  return types.map((partnerType, index) => ({
    partnerId: ids.partner(index),
    name: uniqueName(context, partnerType, names),
    partnerType,
    enrolledAt: enrollments[index],
    activity: 0.3 + 2.2 * random.float() ** 3,
    suspensions: [],
  }));
}

/** "Cedar Solutions": a name not given yet; past the combinations, a number keeps it unique. */
function uniqueName(context: DemoContext, partnerType: PartnerType, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const base = `${context.random.pick(NAME_STARTS)} ${context.random.pick(NAME_ENDINGS[partnerType])}`;
    const name = attempt < 20 ? base : `${base} ${taken.size + 1}`;
    if (taken.has(name)) continue;
    taken.add(name);
    return name;
  }
}

/** Fraction of month `[from, to)` in which the partner is enrolled and not terminated (suspensions still count). */
export function presence(partner: DemoPartner, from: number, to: number): number {
  const start = Math.max(from, partner.enrolledAt);
  const end = Math.min(to, partner.terminatedAt ?? Infinity);
  return end > start ? (end - start) / (to - from) : 0;
}

export function isSuspended(partner: DemoPartner, time: number): boolean {
  return partner.suspensions.some(([from, to]) => time >= from && time < to);
}

/** Enrolled and not terminated at `time` (a suspended partner still has its links and its deals). */
export function isEnrolled(partner: DemoPartner, time: number): boolean {
  return time > partner.enrolledAt && time < (partner.terminatedAt ?? Infinity);
}
