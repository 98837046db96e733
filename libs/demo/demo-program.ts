import type { CloudEvent } from '@ledger/contracts';
import { CompanyNames } from './company-names';
import type { DemoContext } from './demo-context';
import { DemoIds } from './demo-ids';
import type { DemoProgramOptions } from './demo-options';
import { EventAgenda } from './event-agenda';
import { planPartnerLifecycles } from './partner-lifecycle';
import { partnerRoster } from './partner-roster';
import { PlantedRiskPatterns, type PlantedRiskPattern } from './planted-risk-patterns';
import { ProgramCalendar } from './program-calendar';
import { RandomSource } from './random-source';
import { SalesFunnel } from './sales-funnel';
import { SelfServeFunnel } from './self-serve-funnel';
import { Subscriptions } from './subscriptions';

/** One month of the synthetic program: its upstream facts in business-time order, and when it closes. */
export interface DemoMonth {
  index: number;
  /** `YYYY-MM`. */
  label: string;
  /** Last millisecond of the month (ISO 8601): the as-of time of the month's payout run. */
  asOf: string;
  events: CloudEvent[];
  /** The suspicious patterns planted this month (SPEC §9): each conversion's commission should be held. */
  planted: PlantedRiskPattern[];
}

/**
 * A seeded, deterministic partner program, month by month: the same options always give the same
 * events (ids included), and no business time depends on the clock. Pure: it only computes facts;
 * feeding them to the ledger (and answering its payout runs) is the caller's job.
 */
export function* demoProgram(options: DemoProgramOptions): Generator<DemoMonth> {
  const calendar = new ProgramCalendar(options.start, options.months);
  const random = new RandomSource(options.seed);
  const context: DemoContext = {
    random,
    calendar,
    agenda: new EventAgenda(calendar),
    companies: new CompanyNames(random),
    ids: new DemoIds(Math.max(3, String(options.partners).length)),
  };
  const partners = partnerRoster(context, options.partners);
  planPartnerLifecycles(context, partners);
  const subscriptions = new Subscriptions(context);
  const selfServe = new SelfServeFunnel(context, partners, subscriptions);
  const sales = new SalesFunnel(context, partners, subscriptions);
  sales.reserveAccounts();
  const risky = new PlantedRiskPatterns(context, partners, options.seed);
  risky.plan();
  for (let index = 0; index < options.months; index++) {
    selfServe.planMonth(index);
    sales.planMonth(index);
    subscriptions.planMonth(index);
    yield {
      index,
      label: calendar.label(index),
      asOf: new Date(calendar.monthEnd(index)).toISOString(),
      events: context.agenda.takeMonth(index),
      planted: risky.planted.filter((pattern) => calendar.monthOf(Date.parse(pattern.time)) === index),
    };
  }
}
