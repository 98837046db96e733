import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { api, newIdempotencyKey } from '../api';
import { ErrorView, FieldError, fieldProblems, Money, numeric, PagedTable, Section } from '../components';
import { formatInstant } from '../format';
import { Link, partnerPath } from '../router';
import type { AdjustmentItem, Verification } from '../types';

const columns: ColumnDef<AdjustmentItem, unknown>[] = [
  { header: 'Date', cell: ({ row }) => formatInstant(row.original.time) },
  { header: 'Partner', cell: ({ row }) => <Link to={partnerPath(row.original.partnerId)}>{row.original.partnerId}</Link> },
  {
    header: 'Amount',
    meta: numeric,
    cell: ({ row }) => <Money amount={row.original.amount.amount} currency={row.original.amount.currency} />,
  },
  { header: 'Reason', accessorKey: 'reason' },
  { header: 'By', cell: ({ row }) => (row.original.actor ? `${row.original.actor.keyId} (${row.original.actor.role})` : '—') },
];

export function AdjustmentsPage() {
  const [filter, setFilter] = useState('');
  const [partnerId, setPartnerId] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [reason, setReason] = useState('');
  const queryClient = useQueryClient();
  const body = useMemo(
    () => ({ partnerId: partnerId.trim(), amount: { amount: amount.trim(), currency: currency.trim().toUpperCase() }, reason }),
    [partnerId, amount, currency, reason],
  );
  const idempotencyKey = useMemo(() => newIdempotencyKey(), [body]);
  const record = useMutation({
    mutationFn: () => api<AdjustmentItem>('/v1/adjustments', { method: 'POST', body, idempotencyKey }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['/v1/adjustments'] }),
  });
  const problems = (field: string) => fieldProblems(record.error, field);
  return (
    <>
      <h1>Adjustments</h1>
      <Section title="Record an adjustment">
        <form
          aria-label="Adjustment"
          onSubmit={(e) => {
            e.preventDefault();
            record.mutate();
          }}
          className="filters"
        >
          <label>
            Partner
            <input value={partnerId} onChange={(e) => setPartnerId(e.target.value)} aria-describedby="adj-partner-error" />
            <FieldError id="adj-partner-error" messages={problems('partnerId')} />
          </label>
          <label>
            Amount (negative to deduct)
            <input
              value={amount}
              inputMode="decimal"
              className="num"
              onChange={(e) => setAmount(e.target.value)}
              aria-describedby="adj-amount-error"
            />
            <FieldError id="adj-amount-error" messages={problems('amount')} />
          </label>
          <label>
            Currency
            <input value={currency} size={4} maxLength={3} onChange={(e) => setCurrency(e.target.value)} />
          </label>
          <label>
            Reason
            <input value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby="adj-reason-error" />
            <FieldError id="adj-reason-error" messages={problems('reason')} />
          </label>
          <button type="submit" disabled={record.isPending}>
            Record
          </button>
        </form>
        {record.isError && <ErrorView error={record.error} what="the adjustment" action="record" />}
        {record.isSuccess && (
          <p className="success" role="status">
            Adjustment {record.data.adjustmentId} recorded:{' '}
            <Money amount={record.data.amount.amount} currency={record.data.amount.currency} /> for {record.data.partnerId}.
          </p>
        )}
      </Section>
      <Section title="Adjustments">
        <div className="filters">
          <label>
            Partner
            <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="any" />
          </label>
        </div>
        <PagedTable<AdjustmentItem>
          path="/v1/adjustments"
          query={{ partnerId: filter.trim() }}
          columns={columns}
          caption="Adjustments with reason and actor"
          what="adjustments"
          empty="No adjustment recorded."
          rowKey={(a) => a.adjustmentId}
          testId="adjustments"
        />
      </Section>
    </>
  );
}

export function VerifyPage() {
  const query = useQuery({ queryKey: ['verify'], queryFn: () => api<Verification>('/v1/ledger/verify'), enabled: false });
  return (
    <>
      <h1>Ledger verification</h1>
      <p>Re-checks every hash chain and that debits equal credits in every transaction.</p>
      <button type="button" onClick={() => void query.refetch()} disabled={query.isFetching}>
        {query.isFetching ? 'Verifying…' : 'Verify the ledger'}
      </button>
      {query.isError && <ErrorView error={query.error} what="the verification" action="run" />}
      {query.data && (
        <div className={query.data.ok ? 'success' : 'error'} role="status" data-testid="verification">
          <p>
            <strong>{query.data.ok ? 'OK' : 'Problems found'}</strong>: {query.data.problemCount} problems, {query.data.warningCount}{' '}
            warnings, {query.data.exceptionCount} skipped events.
          </p>
          <p>
            Ledger hash <code>{query.data.ledgerHash}</code>
          </p>
          {query.data.problems.length > 0 && (
            <ul>
              {query.data.problems.map((p) => (
                <li key={`${p.lineId}${p.problem}`}>
                  {p.partnerId} {p.lineId}: {p.problem}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
}
