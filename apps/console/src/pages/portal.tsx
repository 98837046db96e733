import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { api, newIdempotencyKey, type Page } from '../api';
import { DataTable, Empty, ErrorView, FieldError, fieldProblems, Loading, Money, Section } from '../components';
import { formatDate, formatMoney } from '../format';
import type { Deal, PartnerProfile } from '../types';
import { ConversionsTable } from './conversions';
import { OpenDisputeDialog, type DisputeSubject } from './disputes';
import { BalancesSection, StatementSection, TierSection } from './partner-parts';
import { HeldFlagsSection } from './risk';

function Welcome({ partnerId }: { partnerId: string }) {
  const query = useQuery({
    queryKey: ['partner', partnerId],
    queryFn: () => api<PartnerProfile>(`/v1/partners/${encodeURIComponent(partnerId)}`),
  });
  const name = query.data?.name;
  return <h1>{name ? `${name} (${partnerId})` : `Partner ${partnerId}`}</h1>;
}

export function PortalHome({ partnerId }: { partnerId: string }) {
  return (
    <>
      <Welcome partnerId={partnerId} />
      <BalancesSection partnerId={partnerId} />
      <HeldFlagsSection partnerId={partnerId} linkConversions={false} />
      <TierSection partnerId={partnerId} />
    </>
  );
}

export function PortalStatement({ partnerId }: { partnerId: string }) {
  const [disputing, setDisputing] = useState<DisputeSubject | null>(null);
  return (
    <>
      <h1>Statement</h1>
      <StatementSection
        partnerId={partnerId}
        linkConversions={false}
        onDispute={(line) =>
          setDisputing({
            lineId: line.lineId,
            description: `Statement line of ${formatDate(line.date)}: ${line.description} (${formatMoney(line.amount, line.currency)}).`,
          })
        }
      />
      {disputing && <OpenDisputeDialog partnerId={partnerId} subject={disputing} onClose={() => setDisputing(null)} />}
    </>
  );
}

export function PortalConversions({ partnerId }: { partnerId: string }) {
  const [disputing, setDisputing] = useState<DisputeSubject | null>(null);
  return (
    <>
      <h1>Credited conversions</h1>
      <ConversionsTable
        partnerId={partnerId}
        linkDecisions={false}
        ownCreditsOnly
        onDispute={(conversion) =>
          setDisputing({
            conversionId: conversion.conversionId,
            description: `Conversion ${conversion.conversionId} of ${formatDate(conversion.occurredAt)} (${formatMoney(
              conversion.amount.amount,
              conversion.amount.currency,
            )}).`,
          })
        }
      />
      {disputing && <OpenDisputeDialog partnerId={partnerId} subject={disputing} onClose={() => setDisputing(null)} />}
    </>
  );
}

const dealColumns: ColumnDef<Deal, unknown>[] = [
  { header: 'Deal', accessorKey: 'dealId' },
  { header: 'Account', accessorKey: 'accountDomain' },
  { header: 'Status', cell: ({ row }) => <span className={`status status-${row.original.status}`}>{row.original.status}</span> },
  { header: 'Protected until', cell: ({ row }) => formatDate(row.original.protectedUntil) },
  { header: 'Reason', cell: ({ row }) => row.original.reason ?? '' },
];

/** The partner's registrations with their status, and a form to register a new deal. */
export function PortalDeals({ partnerId }: { partnerId: string }) {
  const path = `/v1/partners/${encodeURIComponent(partnerId)}/deals`;
  const queryClient = useQueryClient();
  const deals = useQuery({ queryKey: [path], queryFn: () => api<Page<Deal> | Deal[]>(path) });
  const [dealId, setDealId] = useState('');
  const [accountDomain, setAccountDomain] = useState('');
  const [value, setValue] = useState('');
  const [currency, setCurrency] = useState('USD');
  const body = useMemo(
    () => ({
      dealId: dealId.trim(),
      accountDomain: accountDomain.trim(),
      ...(value.trim() ? { estimatedValue: { amount: value.trim(), currency: currency.trim().toUpperCase() } } : {}),
    }),
    [dealId, accountDomain, value, currency],
  );
  const idempotencyKey = useMemo(() => newIdempotencyKey(), [body]);
  const register = useMutation({
    mutationFn: () => api<Deal>(path, { method: 'POST', body, idempotencyKey }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [path] }),
  });
  const items = deals.data ? (Array.isArray(deals.data) ? deals.data : deals.data.items) : [];
  return (
    <>
      <h1>Deal registrations</h1>
      <Section title="Register a deal">
        <form
          aria-label="Register a deal"
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            register.mutate();
          }}
        >
          <label>
            Deal id
            <input name="dealId" value={dealId} onChange={(e) => setDealId(e.target.value)} required aria-describedby="deal-id-error" />
            <FieldError id="deal-id-error" messages={fieldProblems(register.error, 'dealId')} />
          </label>
          <label>
            Account domain
            <input
              name="accountDomain"
              value={accountDomain}
              onChange={(e) => setAccountDomain(e.target.value)}
              placeholder="example.com"
              required
              aria-describedby="domain-error"
            />
            <FieldError id="domain-error" messages={fieldProblems(register.error, 'accountDomain')} />
          </label>
          <label>
            Estimated value (optional)
            <input
              name="estimatedValue"
              value={value}
              inputMode="decimal"
              className="num"
              onChange={(e) => setValue(e.target.value)}
              aria-describedby="value-error"
            />
            <FieldError id="value-error" messages={fieldProblems(register.error, 'estimatedValue')} />
          </label>
          <label>
            Currency
            <input value={currency} size={4} maxLength={3} onChange={(e) => setCurrency(e.target.value)} />
          </label>
          <button type="submit" disabled={register.isPending}>
            {register.isPending ? 'Registering…' : 'Register'}
          </button>
        </form>
        {register.isError && <ErrorView error={register.error} what="the registration" action="record" />}
        {register.isSuccess && (
          <p className={register.data.status === 'rejected' ? 'error' : 'success'} role="status" data-testid="registration-result">
            Deal {register.data.dealId} for {register.data.accountDomain}: <strong>{register.data.status}</strong>
            {register.data.reason ? ` (${register.data.reason})` : ''}
            {register.data.estimatedValue ? (
              <>
                {' '}
                — estimated <Money amount={register.data.estimatedValue.amount} currency={register.data.estimatedValue.currency} />
              </>
            ) : null}
          </p>
        )}
      </Section>
      <Section title="Your registrations">
        {deals.isPending ? (
          <Loading what="your deals" />
        ) : deals.isError ? (
          <ErrorView error={deals.error} what="your deals" />
        ) : items.length === 0 ? (
          <Empty>No deal registered yet.</Empty>
        ) : (
          <DataTable
            data={items}
            columns={dealColumns}
            caption="Deal registrations and their status"
            rowKey={(d) => d.dealId}
            testId="deals"
          />
        )}
      </Section>
    </>
  );
}
