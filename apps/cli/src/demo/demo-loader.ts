import { IngestEventsCommand, type IngestResult } from '@ledger/ingestion/application';
import { SchedulePayoutRunCommand, type PayoutRunResult } from '@ledger/ledger/application';
import { demoProgram, payoutOutcomes, type DemoMonth, type DemoProgramOptions } from '@ledger/demo';
import type { CloudEvent } from '@ledger/contracts';
import { CliError } from '../cli-error';
import type { ProjectionHost } from '@ledger/platform/projections';
import type { Interruption } from '../interruption';
import type { LedgerContext } from '../ledger-context';
import type { Progress } from '../progress-bar';

/** Upstream events per IngestEventsCommand: the API's batches are of this order too. */
const BATCH = 500;
/** Generous: a month of a large program can take a while to project on a busy machine. */
const CATCH_UP_MILLIS = 15 * 60_000;
/** Minimum payable balance per currency for a payout at each month's end. */
export const DEMO_PAYOUT_MINIMUM: Record<string, string> = { USD: '50.00', EUR: '50.00', GBP: '50.00', JPY: '5000' };
const ACTOR = { keyId: 'demo', role: 'finance' };

export interface DemoLoadReport {
  /** Upstream events ingested (the program's facts plus the payment provider's answers). */
  ingested: number;
  months: number;
  payouts: { scheduled: number; paid: number; failed: number };
  partners: Map<string, { name: string; partnerType: string }>;
  /** End of the program's last month. */
  asOf: string;
}

/**
 * Feeds the synthetic program to the ledger month by month through IngestEventsCommand, the
 * path every upstream event takes; at each month's end, once the projections have caught up,
 * it schedules a payout run and ingests the payment provider's answers to it.
 */
export class DemoLoader {
  private ingested = 0;

  constructor(
    private readonly context: LedgerContext,
    private readonly options: DemoProgramOptions,
    private readonly progress: Progress,
    private readonly log: (line: string) => void,
    private readonly interruption?: Interruption,
  ) {}

  async load(): Promise<DemoLoadReport> {
    const host = this.context.projections;
    if (!host) throw new Error('the demo needs the live projections');
    let planned = 0;
    for (const month of demoProgram(this.options)) planned += month.events.length;
    this.progress.start(planned, { month: '' });
    try {
      return await this.loadMonths(host, planned);
    } finally {
      this.progress.stop();
    }
  }

  private async loadMonths(host: ProjectionHost, upstreamEvents: number): Promise<DemoLoadReport> {
    let total = upstreamEvents; // grows by each month's payout answers
    const report: DemoLoadReport = { ingested: 0, months: 0, payouts: { scheduled: 0, paid: 0, failed: 0 }, partners: new Map(), asOf: '' };
    for (const month of demoProgram(this.options)) {
      for (const event of month.events) {
        if (event.type === 'partner.enrolled') {
          const data = event.data as { partnerId: string; name: string; partnerType: string };
          report.partners.set(data.partnerId, { name: data.name, partnerType: data.partnerType });
        }
      }
      await this.ingest(month.events, month.label);
      await host.catchUp(CATCH_UP_MILLIS);
      const run = await this.payoutRun(month);
      const outcomes = payoutOutcomes(this.options.seed, month, run.payouts);
      total += outcomes.length;
      this.progress.setTotal(total);
      await this.ingest(outcomes, month.label);
      report.payouts.scheduled += run.payouts.length;
      report.payouts.failed += outcomes.filter((event) => event.type === 'payout.failed').length;
      report.payouts.paid += outcomes.filter((event) => event.type === 'payout.paid').length;
      report.months += 1;
      report.asOf = month.asOf;
      this.log(`${month.label}: ${month.events.length} events, ${run.payouts.length} payouts`);
    }
    await host.catchUp(CATCH_UP_MILLIS);
    report.ingested = this.ingested;
    return report;
  }

  private async payoutRun(month: DemoMonth): Promise<PayoutRunResult> {
    return this.context.commands.execute(new SchedulePayoutRunCommand(month.asOf, DEMO_PAYOUT_MINIMUM, ACTOR));
  }

  private async ingest(events: CloudEvent[], label: string): Promise<void> {
    for (let start = 0; start < events.length; start += BATCH) {
      if (this.interruption?.requested) {
        throw new CliError(`interrupted during ${label}: the store holds part of the program; run the demo again with --fresh`);
      }
      const batch = events.slice(start, start + BATCH);
      const results: IngestResult[] = await this.context.commands.execute(new IngestEventsCommand(batch, true));
      const refused = results.find((result) => result.status !== 'accepted');
      if (refused) {
        // The store was empty and the generator only makes valid events: this is a bug, or someone else wrote to the store.
        const why = refused.errors.map((error) => `${error.path}: ${error.message}`).join('; ');
        throw new CliError(`event ${refused.source}/${refused.id} of ${label} was ${refused.status}${why ? ` (${why})` : ''}; stopping`);
      }
      this.ingested += batch.length;
      this.progress.increment(batch.length, { month: label });
    }
  }
}
