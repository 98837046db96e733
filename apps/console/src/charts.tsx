import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney } from './format';

export interface ChartRow {
  label: string;
  [series: string]: string | number;
}

/**
 * Bars of one currency's amounts (a chart never mixes currencies). The bars are drawn from the
 * API's decimal strings; the exact figures are in the table beside each chart.
 */
export function MoneyBarChart({
  rows,
  series,
  currency,
  title,
  stacked = false,
}: {
  rows: ChartRow[];
  series: Array<{ key: string; label: string; color: string }>;
  currency: string;
  title: string;
  /** Series that add up to one whole (paid + scheduled + failed of one run) stack in one bar. */
  stacked?: boolean;
}) {
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" />
          <YAxis tickFormatter={(value: number) => new Intl.NumberFormat('en-US', { notation: 'compact' }).format(value)} />
          <Tooltip formatter={(value) => formatMoney(String(value), currency)} />
          {series.length > 1 && <Legend />}
          {series.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              fill={s.color}
              stackId={stacked ? 'total' : undefined}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
