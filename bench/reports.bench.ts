import { SqlEventStore } from '@ledger/platform/event-store';
import type { CloudEvent } from '@ledger/contracts';
import {
  GetPartnerBalanceHandler,
  GetPartnerBalanceQuery,
  GetPartnerStatementHandler,
  GetPartnerStatementQuery,
} from '@ledger/ledger/read-model';
import {
  GetPartnerSourcedRevenueHandler,
  GetPartnerSourcedRevenueQuery,
  GetProgramKpisHandler,
  GetProgramKpisQuery,
} from '@ledger/reporting/read-model';
import { liveProjections } from '@ledger/composition';
import { ProjectionRunner } from '@ledger/platform/projections';
import { PgliteDatabase } from '@ledger/platform/sql';
import { seededRandom, syntheticHistory } from './synthetic-history';

const EVENTS = Number(process.env.REPORTS_BENCH_EVENTS ?? 1_000_000);
const PARTNERS = Number(process.env.REPORTS_BENCH_PARTNERS ?? 1000);

interface Latency {
  label: string;
  samples: number[];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function time(label: string, runs: number, work: (i: number) => Promise<unknown>): Promise<Latency> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await work(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { label, samples };
}

function print(latency: Latency): void {
  const sorted = [...latency.samples].sort((a, b) => a - b);
  console.log(
    `  ${latency.label.padEnd(58)} p50 ${percentile(sorted, 50).toFixed(2).padStart(9)} ms   p99 ${percentile(sorted, 99).toFixed(2).padStart(9)} ms   (${sorted.length} runs)`,
  );
}

/**
 * Report latency on a large program: a seeded history of 1,000,000 events over 1,000 partners is
 * stored and projected (not timed), then balance, statement, partner-sourced revenue and KPI
 * queries run against the read models. Baseline in the same run: a primary-key lookup on the same
 * database, the cheapest read it answers.
 */
export async function reportsBench(): Promise<void> {
  const db = await PgliteDatabase.open();
  const store = await SqlEventStore.open(db);
  try {
    const started = Date.now();
    let batch: CloudEvent[] = [];
    for (const recorded of syntheticHistory({ events: EVENTS, partners: PARTNERS, seed: 7 })) {
      batch.push(recorded.event);
      if (batch.length === 1000) {
        await store.append(batch.map((event) => ({ streamId: `bench-${event.type}`, event })));
        batch = [];
      }
    }
    if (batch.length > 0) await store.append(batch.map((event) => ({ streamId: `bench-${event.type}`, event })));
    const runners = liveProjections().map((projection) => new ProjectionRunner(projection, store, db));
    for (const runner of runners) await runner.start();
    for (let head = -1; head !== (await store.headPosition());) {
      head = await store.headPosition();
      for (const runner of runners) await runner.waitFor(head, 3_600_000);
    }
    for (const runner of runners) await runner.stop();
    const [sizes] = await db.query<{ events: string; lines: string; conversions: string }>(
      'SELECT (SELECT count(*) FROM ledger_events) AS events, (SELECT count(*) FROM ledger_lines) AS lines, (SELECT count(*) FROM report_conversions) AS conversions',
    );
    console.log(
      `reports: ${Number(sizes.events).toLocaleString('en-US')} stored events (${PARTNERS} partners), ${Number(sizes.lines).toLocaleString('en-US')} ledger lines, ` +
        `${Number(sizes.conversions).toLocaleString('en-US')} conversions; stored and projected in ${((Date.now() - started) / 1000).toFixed(0)} s (not timed below)`,
    );

    const random = seededRandom(99);
    const partners = (await db.query<{ partner_id: string }>('SELECT partner_id FROM ledger_chain_heads ORDER BY partner_id')).map(
      (row) => row.partner_id,
    );
    const pick = () => partners[Math.floor(random() * partners.length)];
    const busiest = (await db.query<{ partner_id: string }>('SELECT partner_id FROM ledger_chain_heads ORDER BY seq DESC LIMIT 1'))[0]
      .partner_id;
    const now = new Date().toISOString();
    const balance = new GetPartnerBalanceHandler(db);
    const statement = new GetPartnerStatementHandler(db);
    const revenue = new GetPartnerSourcedRevenueHandler(db);
    const kpis = new GetProgramKpisHandler(db);

    print(
      await time('baseline: primary-key lookup of one partner row', 300, () =>
        db.query("SELECT value FROM ledger_state WHERE kind = 'partner' AND key = $1", [pick()]),
      ),
    );
    print(await time('balance of a random partner (asOf now)', 300, () => balance.execute(new GetPartnerBalanceQuery(pick(), now, now))));
    print(
      await time('balance of a random partner (asOf a year ago)', 300, () =>
        balance.execute(new GetPartnerBalanceQuery(pick(), '2024-06-30T00:00:00.000Z', now)),
      ),
    );
    print(
      await time('statement of a random partner, one month', 200, () =>
        statement.execute(new GetPartnerStatementQuery(pick(), '2024-03-01T00:00:00.000Z', '2024-03-31T23:59:59.999Z', now)),
      ),
    );
    print(
      await time(`statement of the busiest partner (${busiest}), all lines`, 20, () =>
        statement.execute(new GetPartnerStatementQuery(busiest, null, now, now)),
      ),
    );
    for (const groupBy of ['partner', 'partnerType', 'month'] as const) {
      print(
        await time(`partner-sourced revenue by ${groupBy}, whole history`, 20, () =>
          revenue.execute(new GetPartnerSourcedRevenueQuery(groupBy, null, now)),
        ),
      );
    }
    print(
      await time('partner-sourced revenue by partner, one quarter', 20, () =>
        revenue.execute(new GetPartnerSourcedRevenueQuery('partner', '2024-04-01T00:00:00.000Z', '2024-06-30T23:59:59.999Z')),
      ),
    );
    print(await time('KPIs as of now', 10, () => kpis.execute(new GetProgramKpisQuery(now))));
  } finally {
    await store.close();
    await db.close();
  }
}

if (require.main === module) {
  reportsBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
