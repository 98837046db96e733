import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { api, ApiError } from '../api';
import { ErrorView, PagedTable, Section } from '../components';
import { formatDate } from '../format';
import { Link, navigate, partnerPath } from '../router';
import type { PartnerListItem, PartnerProfile } from '../types';
import { BalancesSection, StatementSection, TierSection } from './partner-parts';
import { ConversionsTable } from './conversions';
import { HeldFlagsSection } from './risk';

const TYPES = ['', 'affiliate', 'referral', 'reseller', 'technology', 'service', 'strategic'];
const TIERS = ['', 'registered', 'silver', 'gold'];
const STATUSES = ['', 'active', 'suspended', 'terminated'];

const columns: ColumnDef<PartnerListItem, unknown>[] = [
  { header: 'Partner', cell: ({ row }) => <Link to={partnerPath(row.original.partnerId)}>{row.original.partnerId}</Link> },
  { header: 'Name', cell: ({ row }) => row.original.name ?? '—' },
  { header: 'Type', cell: ({ row }) => row.original.partnerType ?? '—' },
  { header: 'Status', accessorKey: 'status' },
  { header: 'Tier', accessorKey: 'tier' },
  { header: 'Enrolled', cell: ({ row }) => formatDate(row.original.enrolledAt) },
];

function Select({ label, value, options, onChange }: { label: string; value: string; options: string[]; onChange: (v: string) => void }) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {option || 'any'}
          </option>
        ))}
      </select>
    </label>
  );
}

export function PartnersPage() {
  const [search, setSearch] = useState('');
  const [type, setType] = useState('');
  const [tier, setTier] = useState('');
  const [status, setStatus] = useState('');
  const [jump, setJump] = useState('');
  return (
    <>
      <h1>Partners</h1>
      <div className="filters" role="search">
        <label>
          Search
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="id or name" />
        </label>
        <Select label="Type" value={type} options={TYPES} onChange={setType} />
        <Select label="Tier" value={tier} options={TIERS} onChange={setTier} />
        <Select label="Status" value={status} options={STATUSES} onChange={setStatus} />
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (jump.trim()) navigate(partnerPath(jump.trim()));
          }}
        >
          <label>
            Open partner by id
            <input value={jump} onChange={(e) => setJump(e.target.value)} placeholder="P-001" />
          </label>
          <button type="submit">Open</button>
        </form>
      </div>
      <PagedTable<PartnerListItem>
        path="/v1/partners"
        query={{ search, type, tier, status }}
        columns={columns}
        caption="Partners"
        what="partners"
        empty="No partner matches these filters."
        rowKey={(p) => p.partnerId}
        testId="partners"
      />
    </>
  );
}

function Profile({ partnerId }: { partnerId: string }) {
  const query = useQuery({
    queryKey: ['partner', partnerId],
    queryFn: () => api<PartnerProfile>(`/v1/partners/${encodeURIComponent(partnerId)}`),
  });
  if (query.isPending) return null;
  if (query.isError) {
    // The profile is a convenience above the ledger's own figures: say why it is missing, keep the page.
    if (query.error instanceof ApiError && query.error.status === 404 && !/^Cannot/.test(query.error.message)) {
      return <ErrorView error={query.error} what={`partner ${partnerId}`} />;
    }
    return <ErrorView error={query.error} what="the profile" />;
  }
  const p = query.data;
  return (
    <p className="profile" data-testid="profile">
      <strong>{p.name ?? p.partnerId}</strong> · {p.partnerType ?? 'type unknown'} · {p.status} · {p.tier} · enrolled{' '}
      {formatDate(p.enrolledAt)}
    </p>
  );
}

/** A partner's page: profile, balances with asOf / knownAt, tier and progress, statement (finance), conversions. */
export function PartnerPage({ partnerId, finance }: { partnerId: string; finance: boolean }) {
  return (
    <>
      <p className="crumbs">
        <Link to="/partners">Partners</Link> / {partnerId}
      </p>
      <h1>Partner {partnerId}</h1>
      <Profile partnerId={partnerId} />
      <BalancesSection partnerId={partnerId} />
      {finance && <HeldFlagsSection partnerId={partnerId} linkConversions />}
      <TierSection partnerId={partnerId} />
      {finance && <StatementSection partnerId={partnerId} linkConversions />}
      <Section title="Conversions">
        <ConversionsTable partnerId={partnerId} linkDecisions />
      </Section>
    </>
  );
}
