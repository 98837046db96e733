import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { api, newIdempotencyKey } from '../api';
import { Dialog, ErrorView, FieldError, fieldProblems, Money, PagedTable, Section } from '../components';
import { formatAge, formatInstant } from '../format';
import { conversionPath, Link, partnerPath } from '../router';
import type { Dispute } from '../types';

/** What a dispute is about: a conversion (linked for finance) and/or a statement line. */
function Subject({ dispute, linkConversions }: { dispute: Dispute; linkConversions: boolean }) {
  return (
    <span className="cause">
      {dispute.conversionId &&
        (linkConversions ? (
          <Link to={conversionPath(dispute.conversionId)}>{dispute.conversionId}</Link>
        ) : (
          <span>conversion {dispute.conversionId}</span>
        ))}
      {dispute.conversionId && dispute.lineId && <br />}
      {dispute.lineId && (
        <span className="muted">
          line <code>{dispute.lineId}</code>
        </span>
      )}
      {!dispute.conversionId && !dispute.lineId && <span className="muted">the statement as a whole</span>}
    </span>
  );
}

function Resolution({ dispute }: { dispute: Dispute }) {
  const resolution = dispute.resolution;
  if (!resolution) return <span className="muted">awaiting finance</span>;
  return (
    <span data-testid="dispute-resolution">
      <span className={`status status-${resolution.outcome}`}>{resolution.outcome}</span> by {resolution.resolvedBy.keyId} (
      {resolution.resolvedBy.role}) on {formatInstant(resolution.resolvedAt)}: {resolution.reason}
      {resolution.adjustment && (
        <>
          {' '}
          — adjustment <Money amount={resolution.adjustment.amount} currency={resolution.adjustment.currency} />
        </>
      )}
    </span>
  );
}

const status = (dispute: Dispute) => <span className={`status status-${dispute.status}`}>{dispute.status}</span>;

/** Upheld (with an optional signed adjustment the ledger books naming the dispute) or rejected, with a reason. */
function ResolveDialog({ dispute, onClose, onDone }: { dispute: Dispute; onClose: () => void; onDone: (result: Dispute) => void }) {
  const [outcome, setOutcome] = useState<'upheld' | 'rejected'>('upheld');
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('USD');
  const queryClient = useQueryClient();
  const body = useMemo(
    () => ({
      outcome,
      reason: reason.trim(),
      ...(outcome === 'upheld' && amount.trim() ? { adjustment: { amount: amount.trim(), currency: currency.trim().toUpperCase() } } : {}),
    }),
    [outcome, reason, amount, currency],
  );
  const idempotencyKey = useMemo(() => newIdempotencyKey(), [dispute.disputeId, body]);
  const resolve = useMutation({
    mutationFn: () =>
      api<Dispute>(`/v1/disputes/${encodeURIComponent(dispute.disputeId)}/resolution`, { method: 'POST', body, idempotencyKey }),
    onSuccess: (result) => {
      for (const key of ['/v1/disputes', '/v1/adjustments', 'balance', 'partner', 'statement', '/v1/reports/commissions', 'payable-now'])
        void queryClient.invalidateQueries({ queryKey: [key] });
      onDone(result);
    },
  });
  return (
    <Dialog title={`Resolve dispute ${dispute.disputeId}`} onClose={onClose} testId="resolve-dialog">
      <form
        aria-label="Resolve dispute"
        onSubmit={(e) => {
          e.preventDefault();
          if (body.reason) resolve.mutate();
        }}
      >
        <p>
          <strong>{dispute.partnerId}</strong> about <Subject dispute={dispute} linkConversions={false} />,{' '}
          {formatInstant(dispute.openedAt)}:
        </p>
        <blockquote>{dispute.message}</blockquote>
        <fieldset>
          <legend>Outcome</legend>
          <label className="inline">
            <input type="radio" name="outcome" value="upheld" checked={outcome === 'upheld'} onChange={() => setOutcome('upheld')} />
            Upheld
          </label>
          <label className="inline">
            <input type="radio" name="outcome" value="rejected" checked={outcome === 'rejected'} onChange={() => setOutcome('rejected')} />
            Rejected
          </label>
        </fieldset>
        {outcome === 'upheld' && (
          <div className="filters">
            <label>
              Adjustment (optional; negative to deduct)
              <input
                name="adjustment"
                value={amount}
                inputMode="decimal"
                className="num"
                onChange={(e) => setAmount(e.target.value)}
                aria-describedby="resolve-adjustment-error"
              />
              <FieldError id="resolve-adjustment-error" messages={fieldProblems(resolve.error, 'adjustment')} />
            </label>
            <label>
              Currency
              <input name="currency" value={currency} size={4} maxLength={3} onChange={(e) => setCurrency(e.target.value)} />
            </label>
          </div>
        )}
        <label>
          Reason (required)
          <textarea
            name="reason"
            rows={3}
            required
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby="resolve-reason-error"
          />
          <FieldError id="resolve-reason-error" messages={fieldProblems(resolve.error, 'reason')} />
        </label>
        <p className="help">
          The resolution is recorded with your key and cannot be changed{body.adjustment ? '; the ledger books the adjustment' : ''}.
        </p>
        {resolve.isError && <ErrorView error={resolve.error} what="the resolution" action="record" />}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={resolve.isPending || !body.reason}>
            {resolve.isPending ? 'Recording…' : outcome === 'upheld' ? 'Confirm: uphold' : 'Confirm: reject'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

const STATUSES = ['open', 'upheld', 'rejected', ''] as const;

/** Finance's queue of disputes: open ones first, each resolved upheld (optionally with an adjustment) or rejected. */
export function DisputesPage() {
  const [statusFilter, setStatusFilter] = useState<(typeof STATUSES)[number]>('open');
  const [partnerId, setPartnerId] = useState('');
  const [resolving, setResolving] = useState<Dispute | null>(null);
  const [done, setDone] = useState<Dispute | null>(null);
  const columns: ColumnDef<Dispute, unknown>[] = [
    { header: 'Dispute', cell: ({ row }) => <code>{row.original.disputeId}</code> },
    { header: 'Partner', cell: ({ row }) => <Link to={partnerPath(row.original.partnerId)}>{row.original.partnerId}</Link> },
    { header: 'About', cell: ({ row }) => <Subject dispute={row.original} linkConversions /> },
    { header: 'Message', cell: ({ row }) => <span className="message">{row.original.message}</span> },
    { header: 'Status', cell: ({ row }) => status(row.original) },
    { header: 'Age', cell: ({ row }) => <span title={formatInstant(row.original.openedAt)}>{formatAge(row.original.openedAt)}</span> },
    {
      header: 'Resolution',
      cell: ({ row }) =>
        row.original.status === 'open' ? (
          <button type="button" onClick={() => setResolving(row.original)}>
            Resolve…
          </button>
        ) : (
          <Resolution dispute={row.original} />
        ),
    },
  ];
  return (
    <>
      <h1>Disputes</h1>
      <div className="filters" role="search">
        <label>
          Status
          <select value={statusFilter} onChange={(e) => setStatusFilter(e.target.value as (typeof STATUSES)[number])}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s || 'any'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Partner
          <input type="search" value={partnerId} onChange={(e) => setPartnerId(e.target.value)} placeholder="any" />
        </label>
      </div>
      {done && done.resolution && (
        <p className="success" role="status" data-testid="resolution-result">
          Dispute {done.disputeId} of {done.partnerId}: <strong>{done.resolution.outcome}</strong> — {done.resolution.reason}
          {done.resolution.adjustment && (
            <>
              {' '}
              (adjustment <Money amount={done.resolution.adjustment.amount} currency={done.resolution.adjustment.currency} />)
            </>
          )}
        </p>
      )}
      <PagedTable<Dispute>
        path="/v1/disputes"
        query={{ status: statusFilter, partnerId: partnerId.trim() }}
        columns={columns}
        caption={`Disputes${statusFilter ? ` (${statusFilter})` : ''}, newest first`}
        what="disputes"
        empty={statusFilter === 'open' ? 'No open dispute.' : 'No dispute matches these filters.'}
        rowKey={(d) => d.disputeId}
        testId="disputes"
      />
      {resolving && (
        <ResolveDialog
          key={resolving.disputeId}
          dispute={resolving}
          onClose={() => setResolving(null)}
          onDone={(result) => {
            setDone(result);
            setResolving(null);
          }}
        />
      )}
    </>
  );
}

const myColumns: ColumnDef<Dispute, unknown>[] = [
  { header: 'Dispute', cell: ({ row }) => <code>{row.original.disputeId}</code> },
  { header: 'Opened', cell: ({ row }) => formatInstant(row.original.openedAt) },
  { header: 'About', cell: ({ row }) => <Subject dispute={row.original} linkConversions={false} /> },
  { header: 'Message', cell: ({ row }) => <span className="message">{row.original.message}</span> },
  { header: 'Status', cell: ({ row }) => status(row.original) },
  { header: 'Finance’s resolution', cell: ({ row }) => <Resolution dispute={row.original} /> },
];

/** The partner's own disputes with their status and finance's resolution. */
export function MyDisputesPage() {
  return (
    <>
      <h1>Disputes</h1>
      <p className="help">
        To dispute a commission, use <strong>Dispute</strong> on a line of your <Link to="/portal/statement">statement</Link> or on one of
        your <Link to="/portal/conversions">conversions</Link>.
      </p>
      <Section title="My disputes">
        <PagedTable<Dispute>
          path="/v1/disputes"
          query={{}}
          columns={myColumns}
          caption="Your disputes, newest first"
          what="your disputes"
          empty="You have not opened a dispute."
          rowKey={(d) => d.disputeId}
          testId="my-disputes"
        />
      </Section>
    </>
  );
}

/** What a partner disputes: a statement line or a credited conversion, described in words. */
export interface DisputeSubject {
  lineId?: string;
  conversionId?: string;
  description: string;
}

/** The partner's form: a message about a statement line or a conversion, sent as a dispute. */
export function OpenDisputeDialog({ partnerId, subject, onClose }: { partnerId: string; subject: DisputeSubject; onClose: () => void }) {
  const [message, setMessage] = useState('');
  const queryClient = useQueryClient();
  const body = useMemo(
    () => ({
      ...(subject.lineId ? { lineId: subject.lineId } : {}),
      ...(subject.conversionId ? { conversionId: subject.conversionId } : {}),
      message: message.trim(),
    }),
    [subject, message],
  );
  const idempotencyKey = useMemo(() => newIdempotencyKey(), [body]);
  const open = useMutation({
    mutationFn: () => api<Dispute>(`/v1/partners/${encodeURIComponent(partnerId)}/disputes`, { method: 'POST', body, idempotencyKey }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['/v1/disputes'] }),
  });
  return (
    <Dialog title="Dispute" onClose={onClose} testId="dispute-dialog">
      {open.isSuccess ? (
        <>
          <p className="success" role="status" data-testid="dispute-opened">
            Dispute {open.data.disputeId} opened: finance answers it under <Link to="/disputes">Disputes</Link>.
          </p>
          <div className="dialog-actions">
            <button type="button" onClick={onClose} autoFocus>
              Close
            </button>
          </div>
        </>
      ) : (
        <form
          aria-label="Open a dispute"
          onSubmit={(e) => {
            e.preventDefault();
            if (body.message) open.mutate();
          }}
        >
          <p>{subject.description}</p>
          <label>
            What is wrong? (required)
            <textarea
              name="message"
              rows={4}
              required
              autoFocus
              value={message}
              onChange={(e) => setMessage(e.target.value)}
              aria-describedby="dispute-message-error"
            />
            <FieldError id="dispute-message-error" messages={fieldProblems(open.error, 'message')} />
          </label>
          {open.isError && <ErrorView error={open.error} what="the dispute" action="send" />}
          <div className="dialog-actions">
            <button type="button" className="secondary" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" disabled={open.isPending || !body.message}>
              {open.isPending ? 'Sending…' : 'Send dispute'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
