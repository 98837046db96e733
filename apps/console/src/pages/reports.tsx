import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, withQuery } from '../api';
import { MoneyBarChart } from '../charts';
import { DataTable, Empty, ErrorView, Loading, Money, numeric, Section } from '../components';
import { formatShare } from '../format';
import type { KpisView, RevenueView } from '../types';

const COLORS = ['#2f6fb3', '#c2571a', '#3a8a4f', '#8a4fa3'];

function currenciesOf(view: RevenueView): string[] {
  return [...new Set([...view.totals.map((t) => t.currency), ...view.rows.map((r) => r.currency)])].sort();
}

function CurrencyPicker({ currencies, value, onChange }: { currencies: string[]; value: string; onChange: (c: string) => void }) {
  return (
    <label>
      Currency
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {currencies.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </select>
    </label>
  );
}

/** Revenue of the rows of one currency as bars (month, partner or partner type on the axis). */
export function RevenueByMonth({ view }: { view: RevenueView }) {
  const currencies = currenciesOf(view);
  const [picked, setPicked] = useState('');
  const currency = currencies.includes(picked) ? picked : (currencies.find((c) => c === 'USD') ?? currencies[0]);
  if (!currency) return null;
  const rows = view.rows.filter((r) => r.currency === currency).map((r) => ({ label: r.key, revenue: Number(r.revenue) }));
  return (
    <>
      <div className="filters">
        <CurrencyPicker currencies={currencies} value={currency} onChange={setPicked} />
      </div>
      {rows.length === 0 ? (
        <Empty>No partner-sourced revenue in {currency}.</Empty>
      ) : (
        <MoneyBarChart
          rows={rows}
          currency={currency}
          title={`Partner-sourced revenue by ${view.groupBy === 'partnerType' ? 'partner type' : view.groupBy} in ${currency}`}
          series={[{ key: 'revenue', label: 'Partner-sourced revenue', color: COLORS[0] }]}
        />
      )}
    </>
  );
}

function RevenueReport() {
  const [groupBy, setGroupBy] = useState<'partner' | 'partnerType' | 'month'>('month');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const query = useQuery({
    queryKey: ['revenue', groupBy, from, to],
    queryFn: () => api<RevenueView>(withQuery('/v1/reports/partner-sourced-revenue', { groupBy, from, to })),
  });
  return (
    <Section title="Partner-sourced revenue">
      <div className="filters">
        <label>
          Group by
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as typeof groupBy)}>
            <option value="month">month</option>
            <option value="partner">partner</option>
            <option value="partnerType">partner type</option>
          </select>
        </label>
        <label>
          From
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      {query.isPending ? (
        <Loading what="the revenue report" />
      ) : query.isError ? (
        <ErrorView error={query.error} what="the revenue report" />
      ) : (
        <>
          <RevenueByMonth view={query.data} />
          <DataTable
            data={query.data.totals}
            caption="Totals per currency"
            rowKey={(t) => t.currency}
            testId="report-totals"
            columns={[
              { header: 'Currency', accessorKey: 'currency' },
              {
                header: 'Total',
                meta: numeric,
                cell: ({ row }) => <Money amount={row.original.totalRevenue} currency={row.original.currency} />,
              },
              {
                header: 'Partner-sourced',
                meta: numeric,
                cell: ({ row }) => <Money amount={row.original.partnerSourcedRevenue} currency={row.original.currency} />,
              },
              { header: 'Share', meta: numeric, cell: ({ row }) => formatShare(row.original.share) },
            ]}
          />
          {query.data.rows.length === 0 ? (
            <Empty>No partner-sourced revenue in this range.</Empty>
          ) : (
            <DataTable
              data={query.data.rows}
              caption={`Rows by ${groupBy}`}
              rowKey={(r) => `${r.key}:${r.currency}`}
              testId="report-rows"
              columns={[
                { header: groupBy === 'partnerType' ? 'Partner type' : groupBy === 'partner' ? 'Partner' : 'Month', accessorKey: 'key' },
                { header: 'Currency', accessorKey: 'currency' },
                {
                  header: 'Revenue',
                  meta: numeric,
                  cell: ({ row }) => <Money amount={row.original.revenue} currency={row.original.currency} />,
                },
                { header: 'Conversions', meta: numeric, accessorKey: 'conversions' },
              ]}
            />
          )}
        </>
      )}
    </Section>
  );
}

function Kpis() {
  const query = useQuery({ queryKey: ['kpis'], queryFn: () => api<KpisView>('/v1/reports/kpis') });
  if (query.isPending) return <Loading what="the KPIs" />;
  if (query.isError) return <ErrorView error={query.error} what="the KPIs" />;
  const k = query.data;
  return (
    <>
      <dl className="facts" data-testid="kpis">
        <dt>Maturity stage</dt>
        <dd>
          <strong>{k.maturity.stage}</strong> ({k.maturity.activePartners} active partners; {k.maturity.keyMetric.name}:{' '}
          {typeof k.maturity.keyMetric.value === 'object' ? JSON.stringify(k.maturity.keyMetric.value) : String(k.maturity.keyMetric.value)}
          )
        </dd>
        <dt title={k.activationRate.definition}>Activation rate</dt>
        <dd>
          {formatShare(k.activationRate.rate)} ({k.activationRate.numerator} of {k.activationRate.denominator})
        </dd>
        <dt title={k.retention.definition}>Retention</dt>
        <dd>
          {formatShare(k.retention.rate)} ({k.retention.numerator} of {k.retention.denominator})
        </dd>
        <dt title={k.timeToFirstDeal.definition}>Time to first deal</dt>
        <dd>
          {k.timeToFirstDeal.medianDays ?? '—'} days median over {k.timeToFirstDeal.partners} partners
        </dd>
      </dl>
      {k.averageDealSize.length > 0 && (
        <DataTable
          data={k.averageDealSize}
          caption="Average deal size, partner-sourced vs direct"
          rowKey={(r) => r.currency}
          testId="deal-size"
          columns={[
            { header: 'Currency', accessorKey: 'currency' },
            {
              header: 'Partner-sourced',
              meta: numeric,
              cell: ({ row }) => <Money amount={row.original.partnerSourced.average} currency={row.original.currency} />,
            },
            {
              header: 'Direct',
              meta: numeric,
              cell: ({ row }) => <Money amount={row.original.direct.average} currency={row.original.currency} />,
            },
          ]}
        />
      )}
    </>
  );
}

export function ReportsPage() {
  return (
    <>
      <h1>Reports</h1>
      <RevenueReport />
      <Section title="Program KPIs">
        <Kpis />
      </Section>
    </>
  );
}
