import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { api, newIdempotencyKey, withQuery } from '../api';
import { DataTable, Empty, ErrorView, FieldError, fieldProblems, Money, numeric, Section } from '../components';
import { formatInstant, formatShare } from '../format';
import { conversionPath, Link, partnerPath } from '../router';
import type { AdoptedPolicy, SimulationCredit, SimulationJobView } from '../types';
import { checkJson } from '../policy-check';
import { CsvButton } from './partner-parts';

function creditsList(credits: SimulationCredit[], currency: string) {
  if (credits.length === 0) return <span className="muted">direct</span>;
  return (
    <ul className="inline-list">
      {credits.map((c) => (
        <li key={c.partnerId}>
          <Link to={partnerPath(c.partnerId)}>{c.partnerId}</Link> {formatShare(c.weight)}:{' '}
          <Money amount={c.commission} currency={currency} />
        </li>
      ))}
    </ul>
  );
}

type Result = NonNullable<SimulationJobView['result']>;

const partnerColumns: ColumnDef<Result['partners'][number], unknown>[] = [
  { header: 'Partner', cell: ({ row }) => <Link to={partnerPath(row.original.partnerId)}>{row.original.partnerId}</Link> },
  { header: 'Currency', accessorKey: 'currency' },
  {
    header: 'Revenue now',
    meta: numeric,
    cell: ({ row }) => <Money amount={row.original.currentRevenue} currency={row.original.currency} />,
  },
  {
    header: 'Revenue simulated',
    meta: numeric,
    cell: ({ row }) => <Money amount={row.original.simulatedRevenue} currency={row.original.currency} />,
  },
  {
    header: 'Commission now',
    meta: numeric,
    cell: ({ row }) => <Money amount={row.original.currentCommission} currency={row.original.currency} />,
  },
  {
    header: 'Commission simulated',
    meta: numeric,
    cell: ({ row }) => <Money amount={row.original.simulatedCommission} currency={row.original.currency} />,
  },
  { header: 'Change', meta: numeric, cell: ({ row }) => <Money amount={row.original.commissionDelta} currency={row.original.currency} /> },
];

const totalColumns: ColumnDef<Result['totals'][number], unknown>[] = [
  { header: 'Currency', accessorKey: 'currency' },
  {
    header: 'Revenue now',
    meta: numeric,
    cell: ({ row }) => <Money amount={row.original.currentRevenue} currency={row.original.currency} />,
  },
  {
    header: 'Revenue simulated',
    meta: numeric,
    cell: ({ row }) => <Money amount={row.original.simulatedRevenue} currency={row.original.currency} />,
  },
  {
    header: 'Commission now',
    meta: numeric,
    cell: ({ row }) => <Money amount={row.original.currentCommission} currency={row.original.currency} />,
  },
  {
    header: 'Commission simulated',
    meta: numeric,
    cell: ({ row }) => <Money amount={row.original.simulatedCommission} currency={row.original.currency} />,
  },
  { header: 'Change', meta: numeric, cell: ({ row }) => <Money amount={row.original.commissionDelta} currency={row.original.currency} /> },
];

const conversionColumns: ColumnDef<Result['conversions'][number], unknown>[] = [
  { header: 'Conversion', cell: ({ row }) => <Link to={conversionPath(row.original.conversionId)}>{row.original.conversionId}</Link> },
  { header: 'Date', cell: ({ row }) => formatInstant(row.original.conversionTime) },
  { header: 'Amount', meta: numeric, cell: ({ row }) => <Money amount={row.original.amount} currency={row.original.currency} /> },
  { header: 'Now', cell: ({ row }) => creditsList(row.original.current, row.original.currency) },
  { header: 'Simulated', cell: ({ row }) => creditsList(row.original.simulated, row.original.currency) },
];

function Progress({ job }: { job: SimulationJobView }) {
  return (
    <p role="status" aria-live="polite">
      <progress max={1} value={job.progress} aria-label="Simulation progress" /> {Math.round(job.progress * 100)} % ({job.eventsRead} of{' '}
      {job.totalEvents} events) — {job.status}
    </p>
  );
}

function Adopt({ job, policy, from }: { job: SimulationJobView; policy: unknown; from: string }) {
  const [confirming, setConfirming] = useState(false);
  const [effectiveFrom, setEffectiveFrom] = useState(from);
  const [reason, setReason] = useState('');
  const queryClient = useQueryClient();
  const body = useMemo(() => ({ policy, effectiveFrom, ...(reason ? { reason } : {}) }), [policy, effectiveFrom, reason]);
  const idempotencyKey = useMemo(() => newIdempotencyKey(), [body]);
  const adopt = useMutation({
    mutationFn: () => api<AdoptedPolicy>('/v1/attribution/policies', { method: 'POST', body, idempotencyKey }),
    onSuccess: () => void queryClient.invalidateQueries(),
  });
  if (!job.result || !policy) return null;
  if (adopt.isSuccess) {
    return (
      <p className="success" role="status" data-testid="adopted">
        Policy {adopt.data.version} adopted from {formatInstant(adopt.data.effectiveFrom)} as {adopt.data.adoptionId} ({adopt.data.status}
        {adopt.data.revisedConversions !== null ? `, ${adopt.data.revisedConversions} conversions revised` : ''}).
      </p>
    );
  }
  return (
    <Section title="Adopt this policy">
      {!confirming ? (
        <button type="button" onClick={() => setConfirming(true)}>
          Adopt…
        </button>
      ) : (
        <div className="confirm" role="alertdialog" aria-label="Confirm the adoption">
          <p>
            Adopting re-attributes {job.result.conversionsChanged} conversion{job.result.conversionsChanged === 1 ? '' : 's'} with
            compensating ledger lines. Simulated impact on commissions:
          </p>
          <DataTable
            data={job.result.totals}
            columns={totalColumns}
            caption="Simulated impact per currency"
            rowKey={(t) => t.currency}
            testId="impact"
          />
          <div className="filters">
            <label>
              Effective from
              <input
                type="date"
                value={effectiveFrom}
                onChange={(e) => setEffectiveFrom(e.target.value)}
                aria-describedby="effective-error"
              />
              <FieldError id="effective-error" messages={fieldProblems(adopt.error, 'effectiveFrom')} />
            </label>
            <label>
              Reason
              <input value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
          </div>
          <button type="button" onClick={() => adopt.mutate()} disabled={adopt.isPending}>
            {adopt.isPending ? 'Adopting…' : 'Confirm adoption'}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
          {adopt.isError && <ErrorView error={adopt.error} what="the adoption" action="record" />}
        </div>
      )}
    </Section>
  );
}

export function SimulationsPage({ finance }: { finance: boolean }) {
  const [policyText, setPolicyText] = useState('{\n  "version": "first-click-v2",\n  "model": "first_click"\n}');
  const [planText, setPlanText] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const policy = checkJson(policyText, 'policy');
  const plan = checkJson(planText, 'plan');
  const local = [...policy.problems, ...plan.problems];
  const start = useMutation({
    mutationFn: () =>
      api<{ id: string }>('/v1/simulations', {
        method: 'POST',
        body: {
          ...(policy.value ? { policy: policy.value } : {}),
          ...(plan.value ? { plan: plan.value } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
        },
      }),
    onSuccess: (data) => {
      setJobId(data.id);
      setPage(1);
    },
  });
  const job = useQuery({
    queryKey: ['simulation', jobId, page],
    enabled: jobId !== null,
    queryFn: () => api<SimulationJobView>(withQuery(`/v1/simulations/${encodeURIComponent(jobId as string)}`, { page, pageSize: 50 })),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 500 : false),
  });
  const problemsOf = (field: string) => [
    ...local.filter((p) => p.path === field || p.path.startsWith(`${field}.`)).map((p) => `${p.path}: ${p.message}`),
    ...fieldProblems(start.error, field).map((m) => `${field}: ${m}`),
  ];
  const result = job.data?.result;
  return (
    <>
      <h1>Simulations</h1>
      <Section title="Candidate">
        <form
          aria-label="Simulation"
          onSubmit={(e) => {
            e.preventDefault();
            if (local.length === 0) start.mutate();
          }}
        >
          <div className="editor">
            <label>
              Policy (JSON; empty = the policies in force)
              <textarea
                rows={8}
                spellCheck={false}
                value={policyText}
                onChange={(e) => setPolicyText(e.target.value)}
                aria-invalid={problemsOf('policy').length > 0}
                aria-describedby="policy-errors"
              />
              <FieldError id="policy-errors" messages={problemsOf('policy')} />
            </label>
            <label>
              Plan (JSON; empty = the plan in force)
              <textarea
                rows={8}
                spellCheck={false}
                value={planText}
                onChange={(e) => setPlanText(e.target.value)}
                aria-invalid={problemsOf('plan').length > 0}
                aria-describedby="plan-errors"
              />
              <FieldError id="plan-errors" messages={problemsOf('plan')} />
            </label>
          </div>
          <div className="filters">
            <label>
              From (effective date)
              <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-describedby="from-errors" />
              <FieldError id="from-errors" messages={fieldProblems(start.error, 'from')} />
            </label>
            <label>
              To
              <input type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-describedby="to-errors" />
              <FieldError id="to-errors" messages={fieldProblems(start.error, 'to')} />
            </label>
          </div>
          <p className={local.length === 0 ? 'valid' : 'invalid'} aria-live="polite" data-testid="validity">
            {local.length === 0
              ? 'The candidate is valid.'
              : `${local.length} problem${local.length === 1 ? '' : 's'} to fix before running.`}
          </p>
          <button type="submit" disabled={local.length > 0 || start.isPending}>
            Run simulation
          </button>
        </form>
        {start.isError && <ErrorView error={start.error} what="the simulation" action="start" />}
      </Section>
      {jobId && (
        <Section
          title="Result"
          actions={
            job.data?.status === 'done' ? (
              <CsvButton path={withQuery(`/v1/simulations/${jobId}`, { format: 'csv' })} filename={`${jobId}.csv`} />
            ) : undefined
          }
        >
          {job.isError && <ErrorView error={job.error} what="the simulation" />}
          {job.data && <Progress job={job.data} />}
          {job.data?.status === 'failed' && (
            <div className="error" role="alert">
              The simulation failed: {job.data.error}
            </div>
          )}
          {result && (
            <div data-testid="simulation-result">
              <p>
                {result.conversionsChanged} of {result.conversionsCompared} conversions change.
              </p>
              <h3>Per currency</h3>
              <DataTable
                data={result.totals}
                columns={totalColumns}
                caption="Totals per currency"
                rowKey={(t) => t.currency}
                testId="sim-totals"
              />
              <h3>Per partner and currency</h3>
              {result.partners.length === 0 ? (
                <Empty>No partner's figures change.</Empty>
              ) : (
                <DataTable
                  data={result.partners}
                  columns={partnerColumns}
                  caption="Diff per partner and currency"
                  rowKey={(p) => `${p.partnerId}:${p.currency}`}
                  testId="sim-partners"
                />
              )}
              <h3>Changed conversions</h3>
              {result.conversions.length === 0 ? (
                <Empty>No conversion changes.</Empty>
              ) : (
                <DataTable
                  data={result.conversions}
                  columns={conversionColumns}
                  caption="Changed conversions, now and simulated side by side"
                  rowKey={(c) => c.conversionId}
                  testId="sim-conversions"
                />
              )}
              {result.pages > 1 && (
                <div className="pager">
                  <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                    Previous
                  </button>
                  <span>
                    page {page} of {result.pages}
                  </span>
                  <button type="button" disabled={page >= result.pages} onClick={() => setPage(page + 1)}>
                    Next
                  </button>
                </div>
              )}
              {finance && policy.value !== undefined && <Adopt job={job.data as SimulationJobView} policy={policy.value} from={from} />}
            </div>
          )}
        </Section>
      )}
    </>
  );
}
