import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useRef, useState } from 'react';
import { api, newIdempotencyKey, withQuery, type Page } from '../api';
import { DataTable, Dialog, Empty, ErrorView, FieldError, fieldProblems, Loading, numeric, PagedTable, Section } from '../components';
import { formatInstant } from '../format';
import { Link, partnerPath } from '../router';
import { NOTIFICATION_KINDS, type DeliveryStatus, type RegisteredWebhook, type Webhook, type WebhookDelivery } from '../types';

const WEBHOOKS = '/v1/webhooks';
const webhookPath = (id: string): string => `/webhooks/${encodeURIComponent(id)}`;
const deliveriesPath = (id: string): string => `${WEBHOOKS}/${encodeURIComponent(id)}/deliveries`;

/** An attempt's instant to the second ("2026-12-02 10:04:31 UTC"): retries are seconds apart. */
function formatAttempt(iso: string | null): string {
  if (!iso) return '—';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : formatInstant(iso);
}

function Kinds({ kinds }: { kinds: string[] }) {
  if (kinds.length === NOTIFICATION_KINDS.length) return <span title={kinds.join(', ')}>all {kinds.length} kinds</span>;
  return (
    <ul className="inline-list">
      {kinds.map((kind) => (
        <li key={kind}>
          <code>{kind}</code>
        </li>
      ))}
    </ul>
  );
}

/**
 * The signing secret of a webhook just registered: the API answers it once and never again
 * (the list never carries it), so this panel is the only place the admin can copy it from.
 */
function SecretPanel({ registered, url, onDismiss }: { registered: RegisteredWebhook; url: string; onDismiss: () => void }) {
  const secretRef = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<'no' | 'yes' | 'refused'>('no');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(registered.secret);
      setCopied('yes');
    } catch {
      // No clipboard (permission refused, not a secure context): select the secret for Ctrl+C.
      const node = secretRef.current;
      const selection = window.getSelection();
      if (node && selection) {
        const range = document.createRange();
        range.selectNodeContents(node);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setCopied('refused');
    }
  };
  return (
    <div className="success secret-panel" role="status" data-testid="webhook-secret">
      <p>
        Webhook <code>{registered.id}</code> registered for <code>{url}</code>. Its signing secret:
      </p>
      <p>
        <code ref={secretRef} className="secret" data-testid="secret-value">
          {registered.secret}
        </code>{' '}
        <button type="button" onClick={() => void copy()}>
          {copied === 'yes' ? 'Copied' : 'Copy secret'}
        </button>
      </p>
      {copied === 'refused' && <p className="help">The browser did not allow copying: the secret is selected, press Ctrl+C (⌘C).</p>}
      <p>
        <strong>It will not be shown again.</strong> Store it now where your receiver verifies the <code>webhook-signature</code> header
        (Standard Webhooks, HMAC-SHA256); if it is lost, delete this webhook and register a new one.
      </p>
      <button type="button" className="secondary" onClick={onDismiss}>
        I have stored it
      </button>
    </div>
  );
}

/** `POST /v1/webhooks`: a URL and the kinds to send there; the API's 400 is shown beside each field. */
function RegisterForm({ onRegistered }: { onRegistered: (registered: RegisteredWebhook, url: string) => void }) {
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [kinds, setKinds] = useState<string[]>([]);
  const body = useMemo(() => ({ url: url.trim(), events: NOTIFICATION_KINDS.filter((kind) => kinds.includes(kind)) }), [url, kinds]);
  const idempotencyKey = useMemo(() => newIdempotencyKey(), [body]);
  const register = useMutation({
    mutationFn: () => api<RegisteredWebhook>(WEBHOOKS, { method: 'POST', body, idempotencyKey }),
    onSuccess: (registered) => {
      void queryClient.invalidateQueries({ queryKey: [WEBHOOKS] });
      onRegistered(registered, body.url);
      setUrl('');
      setKinds([]);
    },
  });
  const toggle = (kind: string, on: boolean) => setKinds((current) => (on ? [...current, kind] : current.filter((k) => k !== kind)));
  return (
    <form
      aria-label="Register webhook"
      className="webhook-form"
      onSubmit={(e) => {
        e.preventDefault();
        register.mutate();
      }}
    >
      <label>
        URL
        <input
          name="url"
          type="text"
          inputMode="url"
          size={60}
          value={url}
          placeholder="https://hooks.example.com/ledger"
          onChange={(e) => setUrl(e.target.value)}
          aria-describedby="webhook-url-help webhook-url-error"
        />
        <span className="help" id="webhook-url-help">
          http or https; the ledger refuses private, loopback and link-local addresses.
        </span>
        <FieldError id="webhook-url-error" messages={fieldProblems(register.error, 'url')} />
      </label>
      <fieldset aria-describedby="webhook-events-error">
        <legend>Kinds to send</legend>
        <ul className="kind-choices">
          {NOTIFICATION_KINDS.map((kind) => (
            <li key={kind}>
              <label className="inline">
                <input
                  type="checkbox"
                  name="events"
                  value={kind}
                  checked={kinds.includes(kind)}
                  onChange={(e) => toggle(kind, e.target.checked)}
                />
                <code>{kind}</code>
              </label>
            </li>
          ))}
        </ul>
        <span className="row-actions">
          <button type="button" className="secondary" onClick={() => setKinds([...NOTIFICATION_KINDS])}>
            Select all
          </button>
          <button type="button" className="secondary" onClick={() => setKinds([])}>
            Clear
          </button>
        </span>
        <FieldError id="webhook-events-error" messages={fieldProblems(register.error, 'events')} />
      </fieldset>
      <div>
        <button type="submit" disabled={register.isPending}>
          {register.isPending ? 'Registering…' : 'Register webhook'}
        </button>
      </div>
      {register.isError && <ErrorView error={register.error} what="the webhook" action="register" />}
    </form>
  );
}

/** Delete one webhook after a confirmation (one Idempotency-Key per dialog). */
function DeleteDialog({ webhook, onClose, onDone }: { webhook: Webhook; onClose: () => void; onDone: () => void }) {
  const queryClient = useQueryClient();
  const idempotencyKey = useMemo(() => newIdempotencyKey(), []);
  const remove = useMutation({
    mutationFn: () => api<null>(`${WEBHOOKS}/${encodeURIComponent(webhook.id)}`, { method: 'DELETE', idempotencyKey }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [WEBHOOKS] });
      onDone();
    },
  });
  return (
    <Dialog title={`Delete webhook ${webhook.id}?`} onClose={onClose} testId="delete-webhook-dialog">
      <form
        aria-label="Delete webhook"
        onSubmit={(e) => {
          e.preventDefault();
          remove.mutate();
        }}
      >
        <p>
          <code>{webhook.url}</code>
        </p>
        <p className="help">
          Nothing more is sent to it, and its pending deliveries end as failed. Its delivery log stays readable. This cannot be undone: to
          receive notifications there again, register it anew (with a new secret).
        </p>
        {remove.isError && <ErrorView error={remove.error} what="the webhook" action="delete" />}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={remove.isPending}>
            {remove.isPending ? 'Deleting…' : 'Confirm delete'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The admin's webhooks: register one (its secret shown once), the list, each one's delivery log, delete. */
export function WebhooksPage() {
  const [registered, setRegistered] = useState<{ registered: RegisteredWebhook; url: string } | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [deleted, setDeleted] = useState<Webhook | null>(null);
  const columns: ColumnDef<Webhook, unknown>[] = [
    {
      header: 'URL',
      cell: ({ row }) => (
        <>
          <code className="webhook-url">{row.original.url}</code>
          <br />
          <span className="muted">{row.original.id}</span>
        </>
      ),
    },
    { header: 'Kinds', cell: ({ row }) => <Kinds kinds={row.original.events} /> },
    { header: 'Created', cell: ({ row }) => formatInstant(row.original.createdAt) },
    { header: 'By', cell: ({ row }) => <code>{row.original.createdBy}</code> },
    {
      header: 'Actions',
      cell: ({ row }) => (
        <span className="row-actions">
          <Link to={webhookPath(row.original.id)} aria-label={`Delivery log of ${row.original.id}`}>
            Delivery log
          </Link>
          <button
            type="button"
            className="secondary"
            onClick={() => setDeleting(row.original)}
            aria-label={`Delete webhook ${row.original.id}`}
          >
            Delete…
          </button>
        </span>
      ),
    },
  ];
  return (
    <>
      <h1>Webhooks</h1>
      <p className="help">
        The ledger POSTs what it books to these URLs, signed with each webhook's secret (Standard Webhooks), at least once, in order per
        partner, retried with growing pauses for 24 hours (SPEC §10). A webhook receives the notifications recorded after its registration.
      </p>
      <Section title="Register webhook">
        {registered && <SecretPanel registered={registered.registered} url={registered.url} onDismiss={() => setRegistered(null)} />}
        <RegisterForm
          onRegistered={(webhook, url) => {
            setDeleted(null);
            setRegistered({ registered: webhook, url });
          }}
        />
      </Section>
      <Section title="Registered webhooks">
        {deleted && (
          <p className="success" role="status" data-testid="webhook-deleted">
            Webhook {deleted.id} (<code>{deleted.url}</code>) deleted: nothing more is sent to it.
          </p>
        )}
        <PagedTable<Webhook>
          path={WEBHOOKS}
          query={{}}
          columns={columns}
          caption="Registered webhooks, newest first"
          what="webhooks"
          empty="No webhook is registered: nothing is sent."
          rowKey={(w) => w.id}
          testId="webhooks"
        />
      </Section>
      {deleting && (
        <DeleteDialog
          key={deleting.id}
          webhook={deleting}
          onClose={() => setDeleting(null)}
          onDone={() => {
            setDeleted(deleting);
            setDeleting(null);
          }}
        />
      )}
    </>
  );
}

function StatusText({ delivery }: { delivery: WebhookDelivery }) {
  return (
    <span className={`status status-${delivery.status}`} data-status={delivery.status}>
      {delivery.status}
    </span>
  );
}

/** Send one delivery again after a confirmation: same notification and webhook-id, due now. */
function ReplayDialog({
  webhookId,
  delivery,
  onClose,
  onDone,
}: {
  webhookId: string;
  delivery: WebhookDelivery;
  onClose: () => void;
  onDone: (delivery: WebhookDelivery) => void;
}) {
  const idempotencyKey = useMemo(() => newIdempotencyKey(), []);
  const replay = useMutation({
    mutationFn: () =>
      api<WebhookDelivery>(`${deliveriesPath(webhookId)}/${encodeURIComponent(delivery.deliveryId)}/replay`, {
        method: 'POST',
        idempotencyKey,
      }),
    onSuccess: onDone,
  });
  return (
    <Dialog title={`Replay delivery ${delivery.deliveryId}?`} onClose={onClose} testId="replay-dialog">
      <form
        aria-label="Replay delivery"
        onSubmit={(e) => {
          e.preventDefault();
          replay.mutate();
        }}
      >
        <p>
          <code>{delivery.kind}</code> for partner <strong>{delivery.partnerId}</strong>, <code>webhook-id</code>{' '}
          <code>{delivery.notificationId}</code>: now <StatusText delivery={delivery} />
          {delivery.lastStatusCode !== null ? ` (last answer ${delivery.lastStatusCode})` : ''}.
        </p>
        <p className="help">
          The same notification is sent again, with the same <code>webhook-id</code> (a receiver that already has it drops the duplicate),
          at once and with a fresh 24-hour retry window; while it is pending it goes before the partner&apos;s newer notifications.
        </p>
        {replay.isError && <ErrorView error={replay.error} what="the delivery" action="replay" />}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={replay.isPending}>
            {replay.isPending ? 'Sending…' : 'Confirm replay'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

const STATUSES = ['', 'pending', 'delivered', 'failed'] as const;

/** The webhook's URL where the list already loaded it (there is no GET of one webhook). */
function useKnownWebhook(webhookId: string): Webhook | undefined {
  const queryClient = useQueryClient();
  for (const [, data] of queryClient.getQueriesData<InfiniteData<Page<Webhook>>>({ queryKey: [WEBHOOKS] })) {
    const found = data?.pages.flatMap((page) => page.items ?? []).find((w) => w.id === webhookId);
    if (found) return found;
  }
  return undefined;
}

/**
 * A webhook's delivery log, newest first, page by page: each notification's status, attempts and
 * last answer. It refreshes by itself while a delivery is pending; a delivered or failed one can be
 * replayed.
 */
export function WebhookDeliveriesPage({ webhookId }: { webhookId: string }) {
  const queryClient = useQueryClient();
  const webhook = useKnownWebhook(webhookId);
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('');
  const [replaying, setReplaying] = useState<WebhookDelivery | null>(null);
  const [replayed, setReplayed] = useState<WebhookDelivery | null>(null);
  const log = useInfiniteQuery({
    queryKey: ['webhook-deliveries', webhookId, status],
    queryFn: ({ pageParam }) => api<Page<WebhookDelivery>>(withQuery(deliveriesPath(webhookId), { status, limit: 50, cursor: pageParam })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Every second while a delivery is pending (its attempts move), else every 10 s (new notifications arrive).
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.items.some((d) => d.status === 'pending')) ? 1000 : 10_000),
  });
  /** The replay's answer is the delivery as it now is: that row changes at once, the rest on the next refresh. */
  const showReplayed = (delivery: WebhookDelivery) => {
    queryClient.setQueriesData<InfiniteData<Page<WebhookDelivery>>>({ queryKey: ['webhook-deliveries', webhookId] }, (data) =>
      data
        ? {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              items: page.items.map((d) => (d.deliveryId === delivery.deliveryId ? delivery : d)),
            })),
          }
        : data,
    );
    void queryClient.invalidateQueries({ queryKey: ['webhook-deliveries', webhookId] });
    setReplayed(delivery);
    setReplaying(null);
  };
  const columns: ColumnDef<WebhookDelivery, unknown>[] = [
    { header: 'Status', cell: ({ row }) => <StatusText delivery={row.original} /> },
    { header: 'Kind', cell: ({ row }) => <code>{row.original.kind}</code> },
    { header: 'Partner', cell: ({ row }) => <Link to={partnerPath(row.original.partnerId)}>{row.original.partnerId}</Link> },
    {
      header: 'Notification (webhook-id)',
      cell: ({ row }) => (
        <>
          <code>{row.original.notificationId}</code>
          <br />
          <span className="muted">{row.original.deliveryId}</span>
        </>
      ),
    },
    { header: 'Attempts', meta: numeric, cell: ({ row }) => <span data-testid="attempts">{row.original.attempts}</span> },
    {
      header: 'Last status',
      meta: numeric,
      cell: ({ row }) => <span data-testid="status-code">{row.original.lastStatusCode ?? '—'}</span>,
    },
    {
      header: 'Duration',
      meta: numeric,
      cell: ({ row }) => (row.original.durationMs === null ? '—' : `${row.original.durationMs} ms`),
    },
    { header: 'Last attempt', cell: ({ row }) => formatAttempt(row.original.lastAttemptAt) },
    {
      header: 'Next attempt',
      cell: ({ row }) =>
        row.original.status === 'delivered' ? (
          <span className="muted">delivered {formatAttempt(row.original.deliveredAt)}</span>
        ) : (
          formatAttempt(row.original.nextAttemptAt)
        ),
    },
    {
      header: 'Error',
      cell: ({ row }) => (row.original.error ? <span className="delivery-error">{row.original.error}</span> : '—'),
    },
    {
      header: 'Action',
      cell: ({ row }) =>
        row.original.status === 'pending' ? (
          <span className="muted">sending</span>
        ) : (
          <button type="button" onClick={() => setReplaying(row.original)} aria-label={`Replay delivery ${row.original.deliveryId}`}>
            Replay…
          </button>
        ),
    },
  ];
  const rows = log.data ? log.data.pages.flatMap((page) => page.items ?? []) : [];
  return (
    <>
      <p className="crumbs">
        <Link to="/webhooks">Webhooks</Link> › {webhookId}
      </p>
      <h1>Delivery log</h1>
      <p>
        Webhook <code>{webhookId}</code>
        {webhook ? (
          <>
            {' '}
            to <code>{webhook.url}</code> ({webhook.events.join(', ')})
          </>
        ) : null}
        . Each row is one notification to this webhook; <code>webhook-id</code> is the same on every attempt and replay.
      </p>
      <div className="filters" role="search">
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as DeliveryStatus | '')}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s || 'any'}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" onClick={() => void log.refetch()}>
          Refresh
        </button>
      </div>
      {replayed && (
        <p className="success" role="status" data-testid="replay-result">
          Delivery {replayed.deliveryId} ({replayed.notificationId}) sent again: now <StatusText delivery={replayed} />.
        </p>
      )}
      {log.isPending ? (
        <Loading what="the delivery log" />
      ) : log.isError ? (
        <ErrorView error={log.error} what="the delivery log" />
      ) : rows.length === 0 ? (
        <Empty>{status ? `No ${status} delivery.` : 'Nothing was sent to this webhook yet.'}</Empty>
      ) : (
        <>
          <DataTable
            data={rows}
            columns={columns}
            caption={`Deliveries${status ? ` (${status})` : ''}, newest first`}
            rowKey={(d) => d.deliveryId}
            testId="deliveries"
          />
          <div className="pager">
            <span>
              {rows.length} shown{log.hasNextPage ? ', more available' : ''}
              {rows.some((d) => d.status === 'pending') ? '; refreshing while a delivery is pending' : ''}
            </span>
            {log.hasNextPage && (
              <button type="button" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
                {log.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            )}
          </div>
        </>
      )}
      {replaying && (
        <ReplayDialog
          key={replaying.deliveryId}
          webhookId={webhookId}
          delivery={replaying}
          onClose={() => setReplaying(null)}
          onDone={showReplayed}
        />
      )}
    </>
  );
}
