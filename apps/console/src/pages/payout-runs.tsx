import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { api, newIdempotencyKey, withQuery } from '../api';
import { DataTable, Empty, ErrorView, FieldError, fieldProblems, Loading, Money, numeric, PagedTable, Section } from '../components';
import { formatDate, formatInstant } from '../format';
import { Link, partnerPath } from '../router';
import type { PayoutPreview, PayoutRunResult, PayoutRunSummary, PayoutRunView, PayoutView } from '../types';

interface MinimumRow {
  currency: string;
  amount: string;
}

const DEFAULT_MINIMUM: MinimumRow[] = [
  { currency: 'USD', amount: '50.00' },
  { currency: 'EUR', amount: '50.00' },
  { currency: 'GBP', amount: '50.00' },
  { currency: 'JPY', amount: '5000' },
];

const runPath = (id: string) => `/payout-runs/${encodeURIComponent(id)}`;

function totalsCell(run: PayoutRunSummary) {
  if (run.totals.length === 0) return <span className="muted">no payouts</span>;
  return (
    <ul className="inline-list">
      {run.totals.map((t) => (
        <li key={t.currency}>
          {t.payouts} × <Money amount={t.amount} currency={t.currency} />
        </li>
      ))}
    </ul>
  );
}

const runColumns: ColumnDef<PayoutRunSummary, unknown>[] = [
  { header: 'Run', cell: ({ row }) => <Link to={runPath(row.original.runId)}>{row.original.runId}</Link> },
  { header: 'As of', cell: ({ row }) => formatInstant(row.original.asOf) },
  { header: 'Payouts per currency', cell: ({ row }) => totalsCell(row.original) },
  {
    header: 'Requested by',
    cell: ({ row }) => (row.original.requestedBy ? `${row.original.requestedBy.keyId} (${row.original.requestedBy.role})` : '—'),
  },
];

export function PayoutRunsPage() {
  const [asOf, setAsOf] = useState('');
  const [minimum, setMinimum] = useState<MinimumRow[]>(DEFAULT_MINIMUM);
  const [confirming, setConfirming] = useState(false);
  const queryClient = useQueryClient();
  const body = useMemo(
    () => ({
      ...(asOf ? { asOf } : {}),
      minimum: Object.fromEntries(
        minimum.filter((row) => row.currency.trim()).map((row) => [row.currency.trim().toUpperCase(), row.amount.trim()]),
      ),
    }),
    [asOf, minimum],
  );
  const preview = useMutation({ mutationFn: () => api<PayoutPreview>('/v1/payout-runs/preview', { method: 'POST', body }) });
  const idempotencyKey = useMemo(() => newIdempotencyKey(), [body]); // one key per request body: a double click records once
  const run = useMutation({
    mutationFn: () => api<PayoutRunResult>('/v1/payout-runs', { method: 'POST', body, idempotencyKey }),
    onSuccess: () => {
      setConfirming(false);
      preview.reset();
      void queryClient.invalidateQueries({ queryKey: ['/v1/payout-runs'] });
      void queryClient.invalidateQueries({ queryKey: ['/v1/reports/commissions'] });
    },
  });
  const lastError = run.error ?? preview.error;
  const asOfProblems = fieldProblems(lastError, 'asOf');
  const update = (index: number, patch: Partial<MinimumRow>) => {
    setMinimum(minimum.map((row, i) => (i === index ? { ...row, ...patch } : row)));
    preview.reset();
    setConfirming(false);
  };
  return (
    <>
      <h1>Payout runs</h1>
      <Section title="New payout run">
        <form
          aria-label="Payout run"
          onSubmit={(e) => {
            e.preventDefault();
            setConfirming(false);
            preview.mutate();
          }}
        >
          <div className="filters">
            <label>
              Pay what is payable by (business date; empty = now)
              <input
                type="date"
                name="asOf"
                value={asOf}
                onChange={(e) => {
                  setAsOf(e.target.value);
                  preview.reset();
                }}
                aria-invalid={asOfProblems.length > 0}
                aria-describedby="asof-error"
              />
              <FieldError id="asof-error" messages={asOfProblems} />
            </label>
          </div>
          <fieldset>
            <legend>Minimum payable balance per currency (only these currencies are paid)</legend>
            {minimum.map((row, index) => {
              const problems = fieldProblems(lastError, `minimum.${row.currency.trim().toUpperCase()}`);
              return (
                <div key={index} className="minimum-row">
                  <label>
                    Currency
                    <input value={row.currency} size={4} maxLength={3} onChange={(e) => update(index, { currency: e.target.value })} />
                  </label>
                  <label>
                    Minimum
                    <input
                      value={row.amount}
                      inputMode="decimal"
                      className="num"
                      onChange={(e) => update(index, { amount: e.target.value })}
                      aria-invalid={problems.length > 0}
                      aria-describedby={`minimum-error-${index}`}
                    />
                  </label>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => setMinimum(minimum.filter((_, i) => i !== index))}
                    aria-label={`Remove ${row.currency}`}
                  >
                    Remove
                  </button>
                  <FieldError id={`minimum-error-${index}`} messages={problems} />
                </div>
              );
            })}
            <button type="button" className="secondary" onClick={() => setMinimum([...minimum, { currency: '', amount: '' }])}>
              Add a currency
            </button>
          </fieldset>
          <button type="submit" disabled={preview.isPending}>
            {preview.isPending ? 'Previewing…' : 'Preview'}
          </button>
        </form>
        {preview.isError && <ErrorView error={preview.error} what="the preview" action="compute" />}
        {preview.isSuccess && (
          <Preview
            preview={preview.data}
            confirming={confirming}
            running={run.isPending}
            onRun={() => setConfirming(true)}
            onConfirm={() => run.mutate()}
            onCancel={() => setConfirming(false)}
          />
        )}
        {run.isError && <ErrorView error={run.error} what="the payout run" action="record" />}
        {run.isSuccess && (
          <p className="success" role="status" data-testid="run-result">
            Payout run <Link to={runPath(run.data.runId)}>{run.data.runId}</Link> recorded as of {formatInstant(run.data.asOf)}:{' '}
            {run.data.payouts.length} payout{run.data.payouts.length === 1 ? '' : 's'} scheduled.
          </p>
        )}
      </Section>
      <Section title="Past runs">
        <PagedTable<PayoutRunSummary>
          path="/v1/payout-runs"
          query={{}}
          columns={runColumns}
          caption="Past payout runs, latest first"
          what="past payout runs"
          empty="No payout run yet."
          rowKey={(r) => r.runId}
          testId="payout-runs"
        />
      </Section>
    </>
  );
}

function Preview({
  preview,
  confirming,
  running,
  onRun,
  onConfirm,
  onCancel,
}: {
  preview: PayoutPreview;
  confirming: boolean;
  running: boolean;
  onRun: () => void;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const perCurrency = new Map<string, { count: number }>();
  for (const p of preview.eligible) perCurrency.set(p.currency, { count: (perCurrency.get(p.currency)?.count ?? 0) + 1 });
  return (
    <div className="preview" data-testid="preview">
      <h3>Preview as of {formatInstant(preview.asOf)}</h3>
      <h4>Paid ({preview.eligible.length})</h4>
      {preview.eligible.length === 0 ? (
        <Empty>Nobody reaches the minimum.</Empty>
      ) : (
        <DataTable
          data={preview.eligible}
          caption="Partners who would be paid"
          testId="eligible"
          rowKey={(p) => `${p.partnerId}:${p.currency}`}
          columns={[
            { header: 'Partner', cell: ({ row }) => <Link to={partnerPath(row.original.partnerId)}>{row.original.partnerId}</Link> },
            { header: 'Currency', accessorKey: 'currency' },
            { header: 'Amount', meta: numeric, cell: ({ row }) => <Money amount={row.original.amount} currency={row.original.currency} /> },
          ]}
        />
      )}
      <h4>Below the minimum ({preview.belowMinimum.length})</h4>
      {preview.belowMinimum.length === 0 ? (
        <Empty>Nobody is below the minimum.</Empty>
      ) : (
        <DataTable
          data={preview.belowMinimum}
          caption="Partners below the minimum (not paid this time)"
          testId="below-minimum"
          rowKey={(p) => `${p.partnerId}:${p.currency}`}
          columns={[
            { header: 'Partner', cell: ({ row }) => <Link to={partnerPath(row.original.partnerId)}>{row.original.partnerId}</Link> },
            { header: 'Currency', accessorKey: 'currency' },
            {
              header: 'Payable',
              meta: numeric,
              cell: ({ row }) => <Money amount={row.original.amount} currency={row.original.currency} />,
            },
            {
              header: 'Minimum',
              meta: numeric,
              cell: ({ row }) => <Money amount={row.original.minimum} currency={row.original.currency} />,
            },
          ]}
        />
      )}
      {!confirming ? (
        <button type="button" onClick={onRun} disabled={preview.eligible.length === 0}>
          Run this payout run
        </button>
      ) : (
        <div className="confirm" role="alertdialog" aria-label="Confirm the payout run">
          <p>
            Pay {preview.eligible.length} payout{preview.eligible.length === 1 ? '' : 's'} (
            {[...perCurrency.entries()].map(([currency, { count }]) => `${count} in ${currency}`).join(', ')})? The run is recorded in the
            ledger and cannot be undone.
          </p>
          <button type="button" onClick={onConfirm} disabled={running} autoFocus>
            {running ? 'Recording…' : 'Confirm payout run'}
          </button>{' '}
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}

const payoutColumns: ColumnDef<PayoutView, unknown>[] = [
  { header: 'Payout', accessorKey: 'payoutId' },
  { header: 'Partner', cell: ({ row }) => <Link to={partnerPath(row.original.partnerId)}>{row.original.partnerId}</Link> },
  { header: 'Amount', meta: numeric, cell: ({ row }) => <Money amount={row.original.amount} currency={row.original.currency} /> },
  { header: 'Status', cell: ({ row }) => <span className={`status status-${row.original.status}`}>{row.original.status}</span> },
  { header: 'Confirmed', cell: ({ row }) => formatDate(row.original.confirmedAt) },
];

export function PayoutRunPage({ runId }: { runId: string }) {
  const query = useInfiniteQuery({
    queryKey: ['payout-run', runId],
    queryFn: ({ pageParam }) => api<PayoutRunView>(withQuery(`/v1${runPath(runId)}`, { limit: 200, cursor: pageParam })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const first = query.data?.pages[0];
  const payouts = query.data?.pages.flatMap((p) => p.payouts) ?? [];
  return (
    <>
      <p className="crumbs">
        <Link to="/payout-runs">Payout runs</Link> / {runId}
      </p>
      <h1>Payout run {runId}</h1>
      {query.isPending ? (
        <Loading what="the payout run" />
      ) : query.isError ? (
        <ErrorView error={query.error} what="the payout run" />
      ) : (
        first && (
          <>
            <p>
              As of {formatInstant(first.asOf)}; minimum{' '}
              {Object.entries(first.minimum)
                .map(([c, a]) => `${c} ${a}`)
                .join(', ') || '—'}
              .
            </p>
            <DataTable
              data={first.totals}
              caption="Totals per currency"
              rowKey={(t) => t.currency}
              testId="run-totals"
              columns={[
                { header: 'Currency', accessorKey: 'currency' },
                { header: 'Payouts', meta: numeric, accessorKey: 'payouts' },
                {
                  header: 'Amount',
                  meta: numeric,
                  cell: ({ row }) => <Money amount={row.original.amount} currency={row.original.currency} />,
                },
                {
                  header: 'Scheduled',
                  meta: numeric,
                  cell: ({ row }) => <Money amount={row.original.scheduled} currency={row.original.currency} />,
                },
                { header: 'Paid', meta: numeric, cell: ({ row }) => <Money amount={row.original.paid} currency={row.original.currency} /> },
                {
                  header: 'Failed',
                  meta: numeric,
                  cell: ({ row }) => <Money amount={row.original.failed} currency={row.original.currency} />,
                },
              ]}
            />
            {payouts.length === 0 ? (
              <Empty>This run paid nobody.</Empty>
            ) : (
              <DataTable
                data={payouts}
                columns={payoutColumns}
                caption="Payouts and their status"
                rowKey={(p) => p.payoutId}
                testId="payouts"
              />
            )}
            {query.hasNextPage && (
              <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                Load more payouts
              </button>
            )}
          </>
        )
      )}
    </>
  );
}
