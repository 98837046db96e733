import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { api, withQuery } from '../api';
import { DataTable, Empty, ErrorView, Loading, Money, numeric, Section } from '../components';
import { formatDate, formatInstant, shortHash } from '../format';
import { conversionPath, Link } from '../router';
import { storedKey } from '../session';
import { tierSentence } from '../tier-sentence';
import type { Balance, BalanceView, StatementLine, StatementView, TierView } from '../types';

const BALANCE_FIELDS: Array<{ key: keyof Balance; label: string }> = [
  { key: 'pending', label: 'Pending' },
  { key: 'payable', label: 'Payable' },
  { key: 'held', label: 'Held' },
  { key: 'inTransit', label: 'In transit' },
  { key: 'paid', label: 'Paid' },
  { key: 'earned', label: 'Earned' },
  { key: 'clawedBack', label: 'Clawed back' },
  { key: 'adjustments', label: 'Adjustments' },
];

/** One row per currency, never a total across currencies. */
export function BalancesTable({ balances, caption }: { balances: Balance[]; caption: string }) {
  const shown = BALANCE_FIELDS.filter((field) => field.key !== 'held' || balances.some((b) => b.held !== undefined));
  const columns: ColumnDef<Balance, unknown>[] = [
    { header: 'Currency', accessorKey: 'currency' },
    ...shown.map((field): ColumnDef<Balance, unknown> => ({
      id: field.key,
      header: field.label,
      meta: numeric,
      cell: ({ row }) => <Money amount={row.original[field.key] as string | undefined} currency={row.original.currency} />,
    })),
  ];
  if (balances.length === 0) return <Empty>No commission booked yet.</Empty>;
  return <DataTable data={balances} columns={columns} caption={caption} rowKey={(b) => b.currency} testId="balances" />;
}

/** Balances at a business time (`asOf`) as the ledger knew them at another (`knownAt`). */
export function BalancesSection({ partnerId }: { partnerId: string }) {
  const [asOf, setAsOf] = useState('');
  const [knownAt, setKnownAt] = useState('');
  const query = useQuery({
    queryKey: ['balance', partnerId, asOf, knownAt],
    queryFn: () => api<BalanceView>(withQuery(`/v1/partners/${encodeURIComponent(partnerId)}/balance`, { asOf, knownAt })),
  });
  return (
    <Section title="Balances">
      <div className="filters">
        <label>
          As of (business date)
          <input type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} aria-describedby="asof-help" />
        </label>
        <label>
          Known at (what the ledger knew then)
          <input type="date" value={knownAt} onChange={(e) => setKnownAt(e.target.value)} />
        </label>
        <span id="asof-help" className="help">
          Empty means now. A date means its end.
        </span>
      </div>
      {query.isPending ? (
        <Loading what="balances" />
      ) : query.isError ? (
        <ErrorView error={query.error} what="balances" />
      ) : (
        <>
          <p className="help">
            As of {formatInstant(query.data.asOf)}, known at {formatInstant(query.data.knownAt)}.
          </p>
          <BalancesTable balances={query.data.balances} caption={`Balances of ${partnerId} per currency`} />
        </>
      )}
    </Section>
  );
}

function requirementText(r: RequirementProgress2): string {
  const missing = Number(r.required) - Number(r.actual);
  if (r.met) return `${labelOf(r)}: ${r.actual} of ${r.required} ✓`;
  if (r.metric === 'sourcedConversions')
    return `${missing} more sourced conversion${missing === 1 ? '' : 's'} (${r.actual} of ${r.required})`;
  if (r.metric === 'certifications') return `${missing} more certification${missing === 1 ? '' : 's'} (${r.actual} of ${r.required})`;
  return `${r.currency ?? ''} ${r.actual} of ${r.required} credited revenue`;
}

type RequirementProgress2 = TierView['progress']['requirements'][number];

function labelOf(r: RequirementProgress2): string {
  return r.metric === 'sourcedConversions'
    ? 'sourced conversions'
    : r.metric === 'certifications'
      ? 'certifications'
      : `credited revenue ${r.currency ?? ''}`;
}

export function TierSection({ partnerId }: { partnerId: string }) {
  const query = useQuery({
    queryKey: ['tier', partnerId],
    queryFn: () => api<TierView>(`/v1/partners/${encodeURIComponent(partnerId)}/tier`),
  });
  return (
    <Section title="Tier">
      {query.isPending ? (
        <Loading what="the tier" />
      ) : query.isError ? (
        <ErrorView error={query.error} what="the tier" />
      ) : (
        <>
          <p>
            <strong data-testid="tier">{query.data.tier}</strong> since {formatDate(query.data.since)} (program {query.data.programVersion}
            ).
          </p>
          <p data-testid="tier-progress" className="progress-sentence">
            {tierSentence(query.data)}
          </p>
          {query.data.progress.requirements.length > 0 && (
            <ul className="requirements">
              {query.data.progress.requirements.map((r) => (
                <li key={`${r.metric}${r.currency ?? ''}`}>
                  <meter
                    min={0}
                    max={Number(r.required) || 1}
                    value={Math.min(Number(r.actual), Number(r.required))}
                    aria-label={labelOf(r)}
                  />{' '}
                  {requirementText(r)}
                </li>
              ))}
            </ul>
          )}
          <h3>History</h3>
          {query.data.history.length === 0 ? (
            <Empty>No tier changes.</Empty>
          ) : (
            <ul>
              {query.data.history.map((change) => (
                <li key={`${change.at}${change.to}`}>
                  {formatDate(change.at)}: {change.from ?? '—'} → {change.to} ({change.reason})
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Section>
  );
}

async function downloadCsv(path: string, filename: string): Promise<void> {
  const key = storedKey();
  const response = await fetch(path, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  if (!response.ok) throw new Error(`the CSV could not be downloaded (HTTP ${response.status})`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function CsvButton({ path, filename, label = 'Download CSV' }: { path: string; filename: string; label?: string }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <span>
      <button
        type="button"
        data-href={path}
        onClick={() => {
          setError(null);
          downloadCsv(path, filename).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
        }}
      >
        {label}
      </button>
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </span>
  );
}

function causeCell(line: StatementLine, linkConversions: boolean) {
  const cause = line.cause;
  return (
    <span className="cause">
      {line.conversionId &&
        (linkConversions ? (
          <Link to={conversionPath(line.conversionId)} className="cause-link">
            {line.conversionId}
          </Link>
        ) : (
          <span>{line.conversionId}</span>
        ))}
      {cause && (
        <span
          className="muted"
          title={`${cause.source} / ${cause.id}${cause.position !== undefined ? ` at position ${cause.position}` : ''}`}
        >
          {' '}
          {cause.type ?? 'event'} {cause.source}/{cause.id}
        </span>
      )}
      {line.actor && (
        <span className="muted">
          {' '}
          by {line.actor.keyId} ({line.actor.role})
        </span>
      )}
    </span>
  );
}

/** The statement: every line with its running balance, cause, rule versions and hash, paged. */
export function StatementSection({
  partnerId,
  linkConversions,
  onDispute,
}: {
  partnerId: string;
  linkConversions: boolean;
  /** The partner portal: a "Dispute" action on each line. */
  onDispute?: (line: StatementLine) => void;
}) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [knownAt, setKnownAt] = useState('');
  const base = `/v1/partners/${encodeURIComponent(partnerId)}/statement`;
  const range = { from, to, knownAt };
  const query = useInfiniteQuery({
    queryKey: ['statement', partnerId, from, to, knownAt],
    queryFn: ({ pageParam }) => api<StatementView>(withQuery(base, { ...range, limit: 200, cursor: pageParam })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const columns: ColumnDef<StatementLine, unknown>[] = [
    { header: 'Date', cell: ({ row }) => formatDate(row.original.date) },
    { header: 'Kind', accessorKey: 'kind' },
    { header: 'Description', accessorKey: 'description' },
    { header: 'Amount', meta: numeric, cell: ({ row }) => <Money amount={row.original.amount} currency={row.original.currency} /> },
    {
      header: 'Running balance',
      meta: numeric,
      cell: ({ row }) => <Money amount={row.original.runningBalance} currency={row.original.currency} />,
    },
    { header: 'Cause', cell: ({ row }) => causeCell(row.original, linkConversions) },
    {
      header: 'Versions',
      cell: ({ row }) => (
        <span className="muted">
          policy {row.original.policyVersion ?? '—'}
          {row.original.replacedPolicyVersion ? ` (replaced ${row.original.replacedPolicyVersion})` : ''}, plan{' '}
          {row.original.planVersion ?? '—'}
          {row.original.tier ? `, ${row.original.tier}` : ''}
          {row.original.rate ? ` at ${Number(row.original.rate) * 100} %` : ''}
        </span>
      ),
    },
    {
      header: 'Hash',
      cell: ({ row }) => (
        <code title={`${row.original.hash} (hash version ${row.original.hashVersion})`} className="hash">
          {shortHash(row.original.hash)}
        </code>
      ),
    },
    ...(onDispute
      ? [
          {
            id: 'dispute',
            header: 'Dispute',
            cell: ({ row }) => (
              <button
                type="button"
                className="secondary"
                onClick={() => onDispute(row.original)}
                aria-label={`Dispute line ${row.original.lineId}`}
              >
                Dispute…
              </button>
            ),
          } satisfies ColumnDef<StatementLine, unknown>,
        ]
      : []),
  ];
  const first = query.data?.pages[0];
  const lines = query.data?.pages.flatMap((page) => page.lines ?? page.items ?? []) ?? [];
  return (
    <Section
      title="Statement"
      actions={<CsvButton path={withQuery(base, { ...range, format: 'csv' })} filename={`statement-${partnerId}.csv`} />}
    >
      <div className="filters">
        <label>
          From
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          Known at
          <input type="date" value={knownAt} onChange={(e) => setKnownAt(e.target.value)} />
        </label>
      </div>
      {query.isPending ? (
        <Loading what="the statement" />
      ) : query.isError ? (
        <ErrorView error={query.error} what="the statement" />
      ) : (
        <>
          {first && first.currencies.length > 0 && (
            <ul className="inline-list" aria-label="Opening and closing per currency">
              {first.currencies.map((c) => (
                <li key={c.currency}>
                  {c.currency}: opening <Money amount={c.opening} currency={c.currency} />, closing{' '}
                  <Money amount={c.closing} currency={c.currency} />
                </li>
              ))}
            </ul>
          )}
          {lines.length === 0 ? (
            <Empty>No ledger lines in this range.</Empty>
          ) : (
            <DataTable
              data={lines}
              columns={columns}
              caption={`Statement of ${partnerId}`}
              rowKey={(line) => line.lineId}
              testId="statement"
            />
          )}
          {query.hasNextPage && (
            <div className="pager">
              <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                {query.isFetchingNextPage ? 'Loading…' : 'Load more lines'}
              </button>
            </div>
          )}
        </>
      )}
    </Section>
  );
}
