import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { api, withQuery, type Page } from '../api';
import { MoneyBarChart } from '../charts';
import { DataTable, Empty, ErrorView, Loading, Money, numeric, Section } from '../components';
import { sumDecimals } from '../decimal';
import { formatInstant, formatShare } from '../format';
import { Link } from '../router';
import type { CommissionsByMonthView, PayoutPreview, PayoutRunSummary, RevenueView } from '../types';
import { RevenueByMonth } from './reports';

function RevenueTotals() {
  const query = useQuery({
    queryKey: ['revenue', 'month'],
    queryFn: () => api<RevenueView>(withQuery('/v1/reports/partner-sourced-revenue', { groupBy: 'month' })),
  });
  if (query.isPending) return <Loading what="partner-sourced revenue" />;
  if (query.isError) return <ErrorView error={query.error} what="partner-sourced revenue" />;
  if (query.data.totals.length === 0) return <Empty>No revenue recorded yet.</Empty>;
  return (
    <>
      <DataTable
        data={query.data.totals}
        caption="Partner-sourced revenue per currency (gross of refunds)"
        rowKey={(t) => t.currency}
        testId="revenue-totals"
        columns={[
          { header: 'Currency', accessorKey: 'currency' },
          {
            header: 'Total revenue',
            meta: numeric,
            cell: ({ row }) => <Money amount={row.original.totalRevenue} currency={row.original.currency} />,
          },
          {
            header: 'Partner-sourced',
            meta: numeric,
            cell: ({ row }) => <Money amount={row.original.partnerSourcedRevenue} currency={row.original.currency} />,
          },
          { header: 'Share', meta: numeric, cell: ({ row }) => formatShare(row.original.share) },
          { header: 'Partner-influenced share', meta: numeric, cell: ({ row }) => formatShare(row.original.partnerInfluencedShare) },
          {
            header: 'Conversions',
            meta: numeric,
            cell: ({ row }) => `${row.original.partnerSourcedConversions} of ${row.original.conversions}`,
          },
        ]}
      />
      <RevenueByMonth view={query.data} />
    </>
  );
}

/** What a payout run would pay now with no minimum: the payable commissions per currency. */
function PayableNow({ currencies }: { currencies: string[] }) {
  const query = useQuery({
    queryKey: ['payable-now', currencies],
    enabled: currencies.length > 0,
    queryFn: () =>
      api<PayoutPreview>('/v1/payout-runs/preview', {
        method: 'POST',
        body: { minimum: Object.fromEntries(currencies.map((c) => [c, '0'])) },
      }),
  });
  if (currencies.length === 0) return <Empty>No currency has revenue yet.</Empty>;
  if (query.isPending) return <Loading what="payable commissions" />;
  if (query.isError) return <ErrorView error={query.error} what="payable commissions" />;
  const rows = currencies.map((currency) => {
    const lines = query.data.eligible.filter((p) => p.currency === currency);
    return { currency, partners: lines.length, amount: sumDecimals(lines.map((p) => p.amount)) };
  });
  return (
    <DataTable
      data={rows}
      caption={`Payable now (as of ${formatInstant(query.data.asOf)}): what a payout run without minimum would pay`}
      rowKey={(r) => r.currency}
      testId="payable-now"
      columns={[
        { header: 'Currency', accessorKey: 'currency' },
        { header: 'Partners', meta: numeric, accessorKey: 'partners' },
        { header: 'Payable', meta: numeric, cell: ({ row }) => <Money amount={row.original.amount} currency={row.original.currency} /> },
      ]}
    />
  );
}

/** The latest runs (up to 12, one per month when finance runs monthly): paid, failed and scheduled per currency. */
function RecentRuns() {
  const [picked, setPicked] = useState('');
  const query = useQuery({
    queryKey: ['/v1/payout-runs', 'recent'],
    queryFn: () => api<Page<PayoutRunSummary>>(withQuery('/v1/payout-runs', { limit: 12 })),
  });
  if (query.isPending) return <Loading what="recent payout runs" />;
  if (query.isError) return <ErrorView error={query.error} what="recent payout runs" />;
  const runs = query.data.items;
  if (runs.length === 0) return <Empty>No payout run yet.</Empty>;
  const currencies = [...new Set(runs.flatMap((run) => run.totals.map((t) => t.currency)))].sort();
  const currency = currencies.includes(picked) ? picked : (currencies.find((c) => c === 'USD') ?? currencies[0]);
  const chartRows = [...runs].reverse().map((run) => {
    const total = run.totals.find((t) => t.currency === currency);
    return {
      label: run.asOf.slice(0, 10),
      paid: Number(total?.paid ?? 0),
      failed: Number(total?.failed ?? 0),
      scheduled: Number(total?.scheduled ?? 0),
    };
  });
  const rows = runs.slice(0, 3).flatMap((run) => run.totals.map((t) => ({ ...t, runId: run.runId, asOf: run.asOf })));
  return (
    <>
      {currency && (
        <>
          <div className="filters">
            <label>
              Currency
              <select value={currency} onChange={(e) => setPicked(e.target.value)}>
                {currencies.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
          </div>
          <MoneyBarChart
            rows={chartRows}
            currency={currency}
            title={`Commissions paid out per payout run in ${currency} (latest ${runs.length} runs)`}
            stacked
            series={[
              { key: 'paid', label: 'Paid', color: '#3a8a4f' },
              { key: 'scheduled', label: 'Scheduled', color: '#2f6fb3' },
              { key: 'failed', label: 'Failed', color: '#c2571a' },
            ]}
          />
        </>
      )}
      <DataTable
        data={rows}
        caption="The latest runs per currency and status"
        rowKey={(r) => `${r.runId}:${r.currency}`}
        testId="recent-runs"
        columns={[
          {
            header: 'Run',
            cell: ({ row }) => <Link to={`/payout-runs/${encodeURIComponent(row.original.runId)}`}>{row.original.runId}</Link>,
          },
          { header: 'As of', cell: ({ row }) => formatInstant(row.original.asOf) },
          { header: 'Currency', accessorKey: 'currency' },
          {
            header: 'Scheduled',
            meta: numeric,
            cell: ({ row }) => <Money amount={row.original.scheduled} currency={row.original.currency} />,
          },
          { header: 'Paid', meta: numeric, cell: ({ row }) => <Money amount={row.original.paid} currency={row.original.currency} /> },
          { header: 'Failed', meta: numeric, cell: ({ row }) => <Money amount={row.original.failed} currency={row.original.currency} /> },
        ]}
      />
    </>
  );
}

/**
 * Commissions pending, payable and paid at each month end (the partners' balances summed, one
 * currency at a time: figures of two currencies are never added).
 */
function CommissionsByMonth() {
  const [picked, setPicked] = useState('');
  const query = useQuery({
    queryKey: ['/v1/reports/commissions'],
    queryFn: () => api<CommissionsByMonthView>('/v1/reports/commissions'),
  });
  if (query.isPending) return <Loading what="commissions by month" />;
  if (query.isError) return <ErrorView error={query.error} what="commissions by month" />;
  const all = query.data.months;
  if (all.length === 0) return <Empty>No commission recorded yet.</Empty>;
  const currencies = [...new Set(all.map((m) => m.currency))].sort();
  const currency = currencies.includes(picked) ? picked : (currencies.find((c) => c === 'USD') ?? currencies[0]);
  const months = all.filter((m) => m.currency === currency);
  // `held` (SPEC §9) where the API gives it: commission held on risk flags, never paid while held.
  const withHeld = months.some((m) => m.held !== undefined);
  const chartRows = months.map((m) => ({
    label: m.month,
    pending: Number(m.pending),
    payable: Number(m.payable),
    paid: Number(m.paid),
    ...(withHeld ? { held: Number(m.held ?? 0) } : {}),
  }));
  return (
    <>
      <div className="filters">
        <label>
          Currency
          <select value={currency} onChange={(e) => setPicked(e.target.value)} aria-label="Commissions currency">
            {currencies.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
      </div>
      <MoneyBarChart
        rows={chartRows}
        currency={currency}
        title={`Commissions pending, payable${withHeld ? ', held' : ''} and paid (to date) at each month end in ${currency}`}
        series={[
          { key: 'pending', label: 'Pending', color: '#b38a2f' },
          { key: 'payable', label: 'Payable', color: '#2f6fb3' },
          ...(withHeld ? [{ key: 'held', label: 'Held', color: '#a31919' }] : []),
          { key: 'paid', label: 'Paid', color: '#3a8a4f' },
        ]}
      />
      <DataTable
        data={[...months].reverse().slice(0, 12)}
        caption={`Balances of all partners at each month end in ${currency} (the latest 12 months, latest first; paid, earned and clawed back to date)`}
        rowKey={(m) => `${m.month}:${m.currency}`}
        testId="commissions-by-month"
        columns={[
          { header: 'Month', accessorKey: 'month' },
          { header: 'Pending', meta: numeric, cell: ({ row }) => <Money amount={row.original.pending} currency={row.original.currency} /> },
          { header: 'Payable', meta: numeric, cell: ({ row }) => <Money amount={row.original.payable} currency={row.original.currency} /> },
          ...(withHeld
            ? [
                {
                  id: 'held',
                  header: 'Held',
                  meta: numeric,
                  cell: ({ row }) => <Money amount={row.original.held} currency={row.original.currency} />,
                } satisfies ColumnDef<CommissionsByMonthView['months'][number], unknown>,
              ]
            : []),
          { header: 'Paid', meta: numeric, cell: ({ row }) => <Money amount={row.original.paid} currency={row.original.currency} /> },
          { header: 'Earned', meta: numeric, cell: ({ row }) => <Money amount={row.original.earned} currency={row.original.currency} /> },
          {
            header: 'Clawed back',
            meta: numeric,
            cell: ({ row }) => <Money amount={row.original.clawedBack} currency={row.original.currency} />,
          },
        ]}
      />
    </>
  );
}

export function OverviewPage() {
  const revenue = useQuery({
    queryKey: ['revenue', 'month'],
    queryFn: () => api<RevenueView>(withQuery('/v1/reports/partner-sourced-revenue', { groupBy: 'month' })),
  });
  const currencies = revenue.data?.totals.map((t) => t.currency) ?? [];
  return (
    <>
      <h1>Program overview</h1>
      <Section title="Partner-sourced revenue">
        <RevenueTotals />
      </Section>
      <Section title="Commissions payable">{revenue.isSuccess && <PayableNow currencies={currencies} />}</Section>
      <Section title="Commissions by month">
        <CommissionsByMonth />
      </Section>
      <Section title="Latest payout runs" actions={<Link to="/payout-runs">All payout runs</Link>}>
        <RecentRuns />
      </Section>
    </>
  );
}
