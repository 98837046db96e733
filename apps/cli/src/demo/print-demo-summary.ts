import { Dec } from '@ledger/kernel';
import type { DemoSummary } from './demo-summary';

/** Thousands separators on a decimal string, keeping every digit ("1234567.50" -> "1,234,567.50"). */
function grouped(amount: string): string {
  const [whole, fraction] = amount.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${digits}${fraction === undefined ? '' : `.${fraction}`}`;
}

function percent(share: string | null): string {
  return share === null ? 'n/a' : `${new Dec(share).times(100).toFixed(1)} %`;
}

/** The end-of-demo report: what was loaded, what the ledger made of it, and where to look next. */
export function demoSummaryLines(summary: DemoSummary, options: { baseUrl: string; seconds: number }): string[] {
  const { load, revenue, verification } = summary;
  const conversions = revenue.totals.reduce((sum, total) => sum + total.conversions, 0);
  const sourced = revenue.totals.reduce((sum, total) => sum + total.partnerSourcedConversions, 0);
  const lines = [
    '',
    `Demo program loaded in ${options.seconds.toFixed(1)} s: ${load.months} months up to ${load.asOf.slice(0, 10)}, ${load.partners.size} partners.`,
    `  events ingested: ${load.ingested.toLocaleString('en-US')} upstream (${summary.storedEvents.toLocaleString('en-US')} stored with the ledger's own decisions and payout runs)`,
    `  conversions: ${conversions.toLocaleString('en-US')}, of which ${sourced.toLocaleString('en-US')} partner-sourced`,
    `  payouts: ${load.payouts.scheduled} scheduled at month ends, ${load.payouts.paid} paid, ${load.payouts.failed} failed (reversed to the partner)`,
    '',
    'Partner-sourced revenue (gross of refunds):',
    ...revenue.totals.map(
      (total) =>
        `  ${total.currency}  ${grouped(total.partnerSourcedRevenue).padStart(16)} of ${grouped(total.totalRevenue).padStart(16)}  ${percent(total.share).padStart(7)}` +
        `   (partner-influenced ${percent(total.partnerInfluencedShare)})`,
    ),
    '',
    'Top 5 partners by commission earned (ranked by USD):',
    ...summary.topPartners.map(
      (partner, index) =>
        `  ${index + 1}. ${partner.partnerId} ${partner.name} (${partner.partnerType}, ${partner.tier}): ` +
        partner.earned.map((earned) => `${earned.currency} ${grouped(earned.amount)}`).join(', '),
    ),
    '',
    `Ledger verification: ${verification.ok ? 'ok' : `${verification.problemCount} problem(s)`} — ${verification.checked.lines.toLocaleString('en-US')} lines, ` +
      `${verification.checked.partners} partners; ledger hash ${verification.ledgerHash}`,
  ];
  if (summary.held.length > 0)
    lines.push(
      '',
      `Risk queue: ${summary.held.map((held) => `${held.flags} ${held.signal}`).join(', ')} — commissions held for finance to release or reject`,
    );
  if (verification.warningCount > 0)
    lines.push(`  ${verification.warningCount} event(s) the ledger could not book as they stand (see GET /v1/ledger/verify)`);
  const top = summary.topPartners[0]?.partnerId ?? 'P-001';
  const urls: Array<[string, string]> = [
    ['/docs', 'OpenAPI'],
    [`/v1/partners/${top}/statement`, "the top partner's statement (?format=csv for a spreadsheet)"],
    ['/v1/reports/partner-sourced-revenue?groupBy=partnerType', 'revenue by partner type'],
    ['/v1/reports/kpis', 'program KPIs'],
    ['/v1/risk/flags?status=open', 'the risk queue: held commissions with their evidence'],
    ['/health', 'projection lag (no key needed)'],
  ];
  const width = Math.max(...urls.map(([path]) => options.baseUrl.length + path.length));
  lines.push(
    '',
    'Next: `npm start`, then with the admin key (Authorization: Bearer <key>) open',
    ...urls.map(([path, what]) => `  ${`${options.baseUrl}${path}`.padEnd(width)}  ${what}`),
    `Or on the command line: npm run ledger -- statement ${top}`,
  );
  return lines;
}
