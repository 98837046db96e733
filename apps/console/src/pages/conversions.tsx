import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { api } from '../api';
import { DataTable, Empty, ErrorView, Loading, Money, numeric, PagedTable, Section } from '../components';
import { formatInstant, formatShare } from '../format';
import { conversionPath, Link, navigate, partnerPath } from '../router';
import type { AttributionView, Candidate, ConversionListItem } from '../types';

function creditsText(item: ConversionListItem, linkPartners: boolean, only?: string) {
  // A partner sees its own credit only, never a co-credited partner's.
  const credits = only ? item.credits.filter((credit) => credit.partnerId === only) : item.credits;
  if (credits.length === 0) return <span className="muted">direct (no partner credited)</span>;
  return (
    <ul className="inline-list">
      {credits.map((credit) => (
        <li key={credit.partnerId}>
          {linkPartners ? <Link to={partnerPath(credit.partnerId)}>{credit.partnerId}</Link> : credit.partnerId}{' '}
          {formatShare(credit.weight)}: <Money amount={credit.commission} currency={item.amount.currency} />
        </li>
      ))}
    </ul>
  );
}

/** Conversions with their credits and commission, paged; a decision opens its explanation. */
export function ConversionsTable({
  partnerId,
  linkDecisions,
  customerId,
  from,
  to,
  ownCreditsOnly = false,
  onDispute,
}: {
  partnerId?: string;
  linkDecisions: boolean;
  /** The partner portal: show the partner's own credit, not its co-credited partners'. */
  ownCreditsOnly?: boolean;
  customerId?: string;
  from?: string;
  to?: string;
  /** The partner portal: a "Dispute" action on each conversion. */
  onDispute?: (conversion: ConversionListItem) => void;
}) {
  const columns: ColumnDef<ConversionListItem, unknown>[] = [
    {
      header: 'Conversion',
      cell: ({ row }) =>
        linkDecisions ? <Link to={conversionPath(row.original.conversionId)}>{row.original.conversionId}</Link> : row.original.conversionId,
    },
    { header: 'Type', accessorKey: 'conversionType' },
    { header: 'Date', cell: ({ row }) => formatInstant(row.original.occurredAt) },
    { header: 'Customer', cell: ({ row }) => row.original.customerId ?? '—' },
    {
      header: 'Amount',
      meta: numeric,
      cell: ({ row }) => <Money amount={row.original.amount.amount} currency={row.original.amount.currency} />,
    },
    {
      header: 'Credits and commission',
      cell: ({ row }) => creditsText(row.original, linkDecisions, ownCreditsOnly ? partnerId : undefined),
    },
    { header: 'Policy', accessorKey: 'policyVersion' },
  ];
  if (onDispute)
    columns.push({
      id: 'dispute',
      header: 'Dispute',
      cell: ({ row }) => (
        <button
          type="button"
          className="secondary"
          onClick={() => onDispute(row.original)}
          aria-label={`Dispute conversion ${row.original.conversionId}`}
        >
          Dispute…
        </button>
      ),
    });
  return (
    <PagedTable<ConversionListItem>
      path="/v1/conversions"
      query={{ partnerId, customerId, from, to }}
      columns={columns}
      caption="Conversions"
      what="conversions"
      empty="No conversions."
      rowKey={(c) => c.conversionId}
      testId="conversions"
    />
  );
}

export function ConversionsPage() {
  const [partnerId, setPartnerId] = useState('');
  const [customerId, setCustomerId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [jump, setJump] = useState('');
  return (
    <>
      <h1>Conversions</h1>
      <div className="filters" role="search">
        <label>
          Partner
          <input value={partnerId} onChange={(e) => setPartnerId(e.target.value)} placeholder="P-001" />
        </label>
        <label>
          Customer
          <input value={customerId} onChange={(e) => setCustomerId(e.target.value)} />
        </label>
        <label>
          From
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (jump.trim()) navigate(conversionPath(jump.trim()));
          }}
        >
          <label>
            Explain conversion
            <input value={jump} onChange={(e) => setJump(e.target.value)} placeholder="conversion id" />
          </label>
          <button type="submit">Explain</button>
        </form>
      </div>
      <ConversionsTable partnerId={partnerId} customerId={customerId} from={from} to={to} linkDecisions />
    </>
  );
}

const candidateColumns: ColumnDef<Candidate, unknown>[] = [
  {
    header: 'Partner',
    cell: ({ row }) => (row.original.partnerId ? <Link to={partnerPath(row.original.partnerId)}>{row.original.partnerId}</Link> : '—'),
  },
  { header: 'Channel', accessorKey: 'channel' },
  { header: 'Reference', accessorKey: 'reference' },
  { header: 'Time', cell: ({ row }) => formatInstant(row.original.time) },
  { header: 'Outcome', cell: ({ row }) => <span className={`outcome outcome-${row.original.outcome}`}>{row.original.outcome}</span> },
  { header: 'Why', accessorKey: 'reason' },
];

/** A decision's explanation: the credits, every candidate and why it won or lost, the decisions it replaced. */
export function ConversionPage({ conversionId }: { conversionId: string }) {
  const query = useQuery({
    queryKey: ['attribution', conversionId],
    queryFn: () => api<AttributionView>(`/v1/conversions/${encodeURIComponent(conversionId)}/attribution`),
  });
  return (
    <>
      <p className="crumbs">
        <Link to="/conversions">Conversions</Link> / {conversionId}
      </p>
      <h1>Conversion {conversionId}</h1>
      {query.isPending ? (
        <Loading what="the decision" />
      ) : query.isError ? (
        <ErrorView error={query.error} what="the decision" />
      ) : (
        <Decision view={query.data} />
      )}
    </>
  );
}

function Decision({ view }: { view: AttributionView }) {
  const currency = view.amount.currency;
  return (
    <>
      <dl className="facts">
        <dt>Type</dt>
        <dd>{view.conversionType}</dd>
        <dt>Amount</dt>
        <dd>
          <Money amount={view.amount.amount} currency={currency} />
        </dd>
        <dt>Time</dt>
        <dd>{formatInstant(view.conversionTime)}</dd>
        <dt>Customer</dt>
        <dd>
          {view.customerId}
          {view.accountDomain ? ` (${view.accountDomain})` : ''}
        </dd>
        <dt>Basis</dt>
        <dd>
          {view.basis}
          {view.recurringOf ? ` of ${view.recurringOf}` : ''}
        </dd>
        <dt>Policy</dt>
        <dd data-testid="policy-version">{view.policyVersion}</dd>
        <dt>Cause</dt>
        <dd>
          <code>
            {view.cause.source}/{view.cause.id}
          </code>
          {view.cause.position !== undefined ? ` at position ${view.cause.position}` : ''}
        </dd>
      </dl>
      <Section title="Credits">
        {view.credits.length === 0 ? (
          <Empty>No partner qualified: the conversion is direct.</Empty>
        ) : (
          <DataTable
            data={view.credits}
            rowKey={(c) => c.partnerId}
            caption="Credits"
            testId="credits"
            columns={[
              { header: 'Partner', cell: ({ row }) => <Link to={partnerPath(row.original.partnerId)}>{row.original.partnerId}</Link> },
              { header: 'Weight', meta: numeric, cell: ({ row }) => formatShare(row.original.weight) },
              { header: 'Revenue', meta: numeric, cell: ({ row }) => <Money amount={row.original.revenue} currency={currency} /> },
              { header: 'Commission', meta: numeric, cell: ({ row }) => <Money amount={row.original.commission} currency={currency} /> },
            ]}
          />
        )}
      </Section>
      <Section title="Candidates">
        {view.candidates.length === 0 ? (
          <Empty>No touch of any partner was found.</Empty>
        ) : (
          <DataTable data={view.candidates} columns={candidateColumns} caption="Every candidate considered" testId="candidates" />
        )}
      </Section>
      <Section title="Replaced decisions">
        {view.replaced.length === 0 ? (
          <Empty>No policy adoption replaced this decision.</Empty>
        ) : (
          <ul data-testid="replaced">
            {view.replaced.map((r) => (
              <li key={`${r.policyVersion}${r.replacedBy}`}>
                Under <strong>{r.policyVersion}</strong>:{' '}
                {r.credits.map((c) => `${c.partnerId} ${formatShare(c.weight)}`).join(', ') || 'direct'} — recorded by {r.recordedBy},
                replaced by {r.replacedBy}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
