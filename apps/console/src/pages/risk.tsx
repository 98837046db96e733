import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { api, newIdempotencyKey, withQuery, type Page } from '../api';
import {
  DataTable,
  Dialog,
  Empty,
  ErrorView,
  FieldError,
  fieldProblems,
  Loading,
  Money,
  numeric,
  PagedTable,
  Section,
} from '../components';
import { formatAge, formatInstant } from '../format';
import { conversionPath, Link, partnerPath } from '../router';
import type { FlagDecisionResult, RiskFlag } from '../types';

const SIGNAL_LABELS: Record<string, string> = {
  self_referral: 'Self-referral',
  click_velocity: 'Click velocity',
  refund_rate: 'Refund rate',
  new_partner_large_deal: 'New partner, large deal',
};

const signalLabel = (signal: string): string => SIGNAL_LABELS[signal] ?? signal;

/** Each signal of a flag with the API's evidence sentence (the figures stay in the title). */
function Signals({ flag }: { flag: RiskFlag }) {
  return (
    <ul className="signals">
      {flag.signals.map((s) => (
        <li key={s.signal} title={JSON.stringify(s.figures)}>
          <span className="signal-name" data-signal={s.signal}>
            {signalLabel(s.signal)}
          </span>
          : <span className="evidence">{s.evidence}</span>
        </li>
      ))}
    </ul>
  );
}

function FlagMoney({ money }: { money: RiskFlag['amount'] }) {
  return money ? <Money amount={money.amount} currency={money.currency} /> : <span className="muted">not booked yet</span>;
}

function DecisionText({ flag }: { flag: RiskFlag }) {
  if (!flag.decision) return null;
  const { decision, reason, actor, decidedAt } = flag.decision;
  return (
    <span data-testid="flag-decision">
      <span className={`status status-${flag.status}`}>{decision === 'release' ? 'released' : 'rejected'}</span> by {actor.keyId} (
      {actor.role}) on {formatInstant(decidedAt)}: {reason}
    </span>
  );
}

/** What a decision changes: the figures the balance, statement and reports show. */
function refreshAfterDecision(queryClient: QueryClient): void {
  for (const key of ['/v1/risk/flags', 'risk-flags-held', 'balance', 'partner', 'statement', '/v1/reports/commissions', 'payable-now'])
    void queryClient.invalidateQueries({ queryKey: [key] });
}

/** Release or reject one flag: a required reason, then the decision (one Idempotency-Key per flag, decision and reason). */
function DecideDialog({
  flag,
  decision,
  onClose,
  onDone,
}: {
  flag: RiskFlag;
  decision: 'release' | 'reject';
  onClose: () => void;
  onDone: (result: FlagDecisionResult) => void;
}) {
  const [reason, setReason] = useState('');
  const queryClient = useQueryClient();
  const body = useMemo(() => ({ decision, reason: reason.trim() }), [decision, reason]);
  const idempotencyKey = useMemo(() => newIdempotencyKey(), [flag.flagId, body]);
  const decide = useMutation({
    mutationFn: () =>
      api<FlagDecisionResult>(`/v1/risk/flags/${encodeURIComponent(flag.flagId)}/decision`, { method: 'POST', body, idempotencyKey }),
    onSuccess: (result) => {
      refreshAfterDecision(queryClient);
      onDone(result);
    },
  });
  const verb = decision === 'release' ? 'Release' : 'Reject';
  return (
    <Dialog title={`${verb} the commission held by ${flag.flagId}?`} onClose={onClose} testId="decide-dialog">
      <form
        aria-label={`${verb} flag`}
        onSubmit={(e) => {
          e.preventDefault();
          if (body.reason) decide.mutate();
        }}
      >
        <p>
          Partner <strong>{flag.partnerId}</strong>, conversion <strong>{flag.conversionId}</strong>, on hold{' '}
          <FlagMoney money={flag.amount} />.
        </p>
        <Signals flag={flag} />
        <p className="help">
          {decision === 'release'
            ? 'Released, the commission becomes payable from the later of its payable date and now.'
            : 'Rejected, the ledger books a reversing line: the commission is never paid.'}{' '}
          The decision is recorded with your key and cannot be changed.
        </p>
        <label>
          Reason (required)
          <textarea
            name="reason"
            rows={3}
            required
            autoFocus
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby="decision-reason-error"
          />
          <FieldError id="decision-reason-error" messages={fieldProblems(decide.error, 'reason')} />
        </label>
        {decide.isError && <ErrorView error={decide.error} what="the decision" action="record" />}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={decide.isPending || !body.reason}>
            {decide.isPending ? 'Recording…' : `Confirm ${decision === 'release' ? 'release' : 'rejection'}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

const STATUSES = ['open', 'released', 'rejected', ''] as const;

/** Finance's queue of held commissions: open flags first, each released or rejected with a reason. */
export function RiskPage() {
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('open');
  const [partnerId, setPartnerId] = useState('');
  const [deciding, setDeciding] = useState<{ flag: RiskFlag; decision: 'release' | 'reject' } | null>(null);
  const [done, setDone] = useState<FlagDecisionResult | null>(null);
  const columns: ColumnDef<RiskFlag, unknown>[] = [
    {
      header: 'Flag',
      cell: ({ row }) => (
        <>
          <code>{row.original.flagId}</code>
          <br />
          <span className="muted">{row.original.policyVersion}</span>
        </>
      ),
    },
    { header: 'Partner', cell: ({ row }) => <Link to={partnerPath(row.original.partnerId)}>{row.original.partnerId}</Link> },
    {
      header: 'Conversion',
      cell: ({ row }) => <Link to={conversionPath(row.original.conversionId)}>{row.original.conversionId}</Link>,
    },
    { header: 'Signals and evidence', cell: ({ row }) => <Signals flag={row.original} /> },
    { header: 'On hold', meta: numeric, cell: ({ row }) => <FlagMoney money={row.original.amount} /> },
    { header: 'Still held', meta: numeric, cell: ({ row }) => <FlagMoney money={row.original.held} /> },
    {
      header: 'Age',
      cell: ({ row }) => <span title={formatInstant(row.original.flaggedAt)}>{formatAge(row.original.flaggedAt)}</span>,
    },
    {
      header: 'Decision',
      cell: ({ row }) =>
        row.original.status === 'open' ? (
          <span className="row-actions">
            <button type="button" onClick={() => setDeciding({ flag: row.original, decision: 'release' })}>
              Release…
            </button>
            <button type="button" className="secondary" onClick={() => setDeciding({ flag: row.original, decision: 'reject' })}>
              Reject…
            </button>
          </span>
        ) : (
          <DecisionText flag={row.original} />
        ),
    },
  ];
  return (
    <>
      <h1>Risk holds</h1>
      <p className="help">
        Commissions a risk signal put on hold (SPEC §9): held, they are never paid. Release one to make it payable, or reject it to reverse
        it.
      </p>
      <div className="filters" role="search">
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as (typeof STATUSES)[number])}>
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
      {done && (
        <p className="success" role="status" data-testid="decision-result">
          Flag {done.flagId} ({done.partnerId}, {done.conversionId}): <strong>{done.status}</strong> — {done.decision.reason}
        </p>
      )}
      <PagedTable<RiskFlag>
        path="/v1/risk/flags"
        query={{ status, partnerId: partnerId.trim() }}
        columns={columns}
        caption={`Risk flags${status ? ` (${status})` : ''}, newest first`}
        what="risk flags"
        empty={status === 'open' ? 'No commission is held: no open flag.' : 'No flag matches these filters.'}
        rowKey={(f) => f.flagId}
        testId="risk-flags"
      />
      {deciding && (
        <DecideDialog
          key={`${deciding.flag.flagId}:${deciding.decision}`}
          flag={deciding.flag}
          decision={deciding.decision}
          onClose={() => setDeciding(null)}
          onDone={(result) => {
            setDone(result);
            setDeciding(null);
          }}
        />
      )}
    </>
  );
}

/**
 * The open flags of one partner: why its money is held (each signal's evidence and the amount).
 * A partner key is answered its own flags only.
 */
export function HeldFlagsSection({ partnerId, linkConversions }: { partnerId: string; linkConversions: boolean }) {
  const query = useQuery({
    queryKey: ['risk-flags-held', partnerId],
    queryFn: () => api<Page<RiskFlag>>(withQuery('/v1/risk/flags', { status: 'open', partnerId, limit: 200 })),
  });
  return (
    <Section title="Held commissions">
      {query.isPending ? (
        <Loading what="held commissions" />
      ) : query.isError ? (
        <ErrorView error={query.error} what="held commissions" />
      ) : query.data.items.length === 0 ? (
        <Empty>No commission is held.</Empty>
      ) : (
        <>
          <p className="help">
            These commissions are held while finance reviews them: they count in <em>Held</em>, not in pending or payable, and are not paid
            until released.
          </p>
          <DataTable
            data={query.data.items}
            caption="Commissions held, with the reason"
            rowKey={(f) => f.flagId}
            testId="held-flags"
            columns={[
              {
                header: 'Conversion',
                cell: ({ row }) =>
                  linkConversions ? (
                    <Link to={conversionPath(row.original.conversionId)}>{row.original.conversionId}</Link>
                  ) : (
                    row.original.conversionId
                  ),
              },
              { header: 'Why it is held', cell: ({ row }) => <Signals flag={row.original} /> },
              { header: 'Held', meta: numeric, cell: ({ row }) => <FlagMoney money={row.original.held} /> },
              { header: 'Since', cell: ({ row }) => formatInstant(row.original.flaggedAt) },
            ]}
          />
          {query.data.nextCursor && <p className="help">More held commissions exist than shown here.</p>}
        </>
      )}
    </Section>
  );
}
