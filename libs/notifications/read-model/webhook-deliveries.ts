import type { NotificationKind } from '@ledger/notifications/domain';
import { pageOf, type Page, type PageRequest } from '@ledger/platform/http';
import type { SqlDatabase, SqlExecutor } from '@ledger/platform/sql';
import { outboxAhead } from './notification-cursors';
import { outboxEntryOf, type OutboxEntry } from './outbox';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One notification for one webhook, as the delivery log shows it. */
export interface DeliveryView {
  deliveryId: string;
  notificationId: string;
  kind: NotificationKind;
  partnerId: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  durationMs: number | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  error: string | null;
  createdAt: string;
}

/** A delivery claimed for one attempt: where to send what, with the attempt number that is its lease. */
export interface ClaimedDelivery {
  deliveryId: string;
  attempt: number;
  webhookId: string;
  url: string;
  secret: string;
  notification: OutboxEntry;
}

const FAN_OUT_CURSOR = 'webhooks';

/**
 * Turns outbox entries not fanned out yet into pending deliveries, one per live webhook that
 * subscribed to the kind and was registered before the entry; moves the fan-out cursor in the
 * same transaction. The cursor row is locked, so two processes never fan out the same entries.
 * Returns how many outbox entries it read.
 */
export async function fanOut(db: SqlDatabase, limit: number): Promise<number> {
  if (!(await outboxAhead(db, FAN_OUT_CURSOR))) return 0;
  return db.transaction(async (tx) => {
    await tx.query('INSERT INTO notification_cursors (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [FAN_OUT_CURSOR]);
    const [cursor] = await tx.query<{ seq: string | number }>('SELECT seq FROM notification_cursors WHERE name = $1 FOR UPDATE', [
      FAN_OUT_CURSOR,
    ]);
    const after = Number(cursor.seq);
    const [last] = await tx.query<{ seq: string | number | null; count: string | number }>(
      'SELECT max(seq) AS seq, count(*) AS count FROM (SELECT seq FROM notification_outbox WHERE seq > $1 ORDER BY seq LIMIT $2) AS batch',
      [after, limit],
    );
    if (last.seq === null) return 0;
    await tx.query(
      `INSERT INTO webhook_deliveries (webhook_id, outbox_seq, notification_id, kind, partner_id)
       SELECT s.webhook_id, o.seq, o.notification_id, o.kind, o.partner_id
       FROM notification_outbox o
       JOIN webhook_subscriptions s ON s.deleted_at IS NULL AND o.kind = ANY (s.events) AND o.seq > s.from_seq
       WHERE o.seq > $1 AND o.seq <= $2
       ORDER BY o.seq, s.webhook_id
       ON CONFLICT (webhook_id, notification_id) DO NOTHING`,
      [after, Number(last.seq)],
    );
    await tx.query('UPDATE notification_cursors SET seq = $2 WHERE name = $1', [FAN_OUT_CURSOR, Number(last.seq)]);
    return Number(last.count);
  });
}

/**
 * Claims up to `limit` deliveries that are due, at most one per webhook and partner: only the
 * oldest pending delivery of a partner for a webhook can be claimed, so a partner's next
 * notification waits until the one before is delivered or finally failed (order per partner).
 * A claim is a lease of `leaseMillis` (longer than a request may take): `FOR UPDATE SKIP LOCKED`
 * and the lease keep two processes from sending the same attempt at once; a process that dies
 * mid-request leaves the lease to run out, and the delivery is tried again (at least once).
 */
export async function claimDueDeliveries(db: SqlDatabase, limit: number, leaseMillis: number): Promise<ClaimedDelivery[]> {
  if (limit <= 0) return [];
  // A cheap read first: an idle loop opens no transaction and writes nothing.
  const [due] = await db.query<{ due: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()) AS due",
  );
  if (due?.due !== true) return [];
  const claimed = await db.transaction((tx) =>
    tx.query<{ delivery_id: string | number; attempts: number }>(
      `WITH heads AS (
         SELECT DISTINCT ON (webhook_id, partner_id) delivery_id
         FROM webhook_deliveries WHERE status = 'pending'
         ORDER BY webhook_id, partner_id, outbox_seq
       ), due AS (
         SELECT d.delivery_id FROM webhook_deliveries d JOIN heads h ON h.delivery_id = d.delivery_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND (d.lease_until IS NULL OR d.lease_until < now())
         ORDER BY d.next_attempt_at, d.delivery_id
         LIMIT $1
         FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE webhook_deliveries d
       SET attempts = d.attempts + 1, lease_until = now() + $2 * interval '1 millisecond',
           first_attempt_at = coalesce(d.first_attempt_at, now()), last_attempt_at = now()
       FROM due WHERE d.delivery_id = due.delivery_id
       RETURNING d.delivery_id, d.attempts`,
      [limit, leaseMillis],
    ),
  );
  if (claimed.length === 0) return [];
  const rows = await db.query<{
    delivery_id: string | number;
    webhook_id: string;
    url: string;
    secret: string;
    seq: string | number;
    notification_id: string;
    kind: string;
    partner_id: string;
    occurred_at: string;
    data: unknown;
  }>(
    `SELECT d.delivery_id, d.webhook_id, s.url, s.secret, o.seq, o.notification_id, o.kind, o.partner_id, o.occurred_at, o.data
     FROM webhook_deliveries d
     JOIN webhook_subscriptions s ON s.webhook_id = d.webhook_id
     JOIN notification_outbox o ON o.seq = d.outbox_seq
     WHERE d.delivery_id = ANY ($1::bigint[])`,
    [claimed.map((row) => String(row.delivery_id))],
  );
  const attempts = new Map(claimed.map((row) => [String(row.delivery_id), Number(row.attempts)]));
  return rows.map((row) => ({
    deliveryId: String(row.delivery_id),
    attempt: attempts.get(String(row.delivery_id)) ?? 1,
    webhookId: row.webhook_id,
    url: row.url,
    secret: row.secret,
    notification: outboxEntryOf(row),
  }));
}

/** How one attempt went. */
export interface AttemptResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

/** Records a delivered attempt (a 2xx answer). Ignored if the lease was lost (the delivery was claimed again). */
export async function recordDelivered(db: SqlExecutor, claim: ClaimedDelivery, result: AttemptResult): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(), lease_until = NULL,
       last_status_code = $3, last_duration_ms = $4, last_error = NULL
     WHERE delivery_id = $1 AND attempts = $2 AND status = 'pending'`,
    [claim.deliveryId, claim.attempt, result.statusCode, result.durationMs],
  );
}

/**
 * Records a failed attempt: tried again after `pauseMillis`, or marked failed when that would be
 * later than `windowMillis` after the first attempt. Returns the new status.
 */
export async function recordFailed(
  db: SqlExecutor,
  claim: ClaimedDelivery,
  result: AttemptResult,
  pauseMillis: number,
  windowMillis: number,
): Promise<DeliveryStatus | null> {
  const [row] = await db.query<{ status: DeliveryStatus }>(
    `UPDATE webhook_deliveries SET
       status = CASE WHEN now() + $5 * interval '1 millisecond' - first_attempt_at > $6 * interval '1 millisecond' THEN 'failed' ELSE 'pending' END,
       next_attempt_at = now() + $5 * interval '1 millisecond', lease_until = NULL,
       last_status_code = $3, last_duration_ms = $4, last_error = $7
     WHERE delivery_id = $1 AND attempts = $2 AND status = 'pending'
     RETURNING status`,
    [claim.deliveryId, claim.attempt, result.statusCode, result.durationMs, pauseMillis, windowMillis, result.error],
  );
  return row?.status ?? null;
}

interface DeliveryRow {
  delivery_id: string | number;
  notification_id: string;
  kind: string;
  partner_id: string;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_duration_ms: number | null;
  last_attempt_at: Date | string | null;
  next_attempt_at: Date | string;
  delivered_at: Date | string | null;
  last_error: string | null;
  created_at: Date | string;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

const deliveryOf = (row: DeliveryRow): DeliveryView => ({
  deliveryId: String(row.delivery_id),
  notificationId: row.notification_id,
  kind: row.kind as NotificationKind,
  partnerId: row.partner_id,
  status: row.status,
  attempts: Number(row.attempts),
  lastStatusCode: row.last_status_code === null ? null : Number(row.last_status_code),
  durationMs: row.last_duration_ms === null ? null : Number(row.last_duration_ms),
  lastAttemptAt: iso(row.last_attempt_at),
  nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
  deliveredAt: iso(row.delivered_at),
  error: row.last_error,
  createdAt: iso(row.created_at) as string,
});

const DELIVERY_COLUMNS = `delivery_id, notification_id, kind, partner_id, status, attempts, last_status_code, last_duration_ms,
  last_attempt_at, next_attempt_at, delivered_at, last_error, created_at`;

/** A webhook's delivery log, newest first, optionally of one status. */
export async function listDeliveries(
  db: SqlExecutor,
  webhookId: string,
  status: DeliveryStatus | undefined,
  page: PageRequest,
): Promise<Page<DeliveryView>> {
  const after = page.after ? page.after[0] : null;
  const rows = await db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
     WHERE webhook_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::bigint IS NULL OR delivery_id < $3::bigint)
     ORDER BY delivery_id DESC LIMIT $4`,
    [webhookId, status ?? null, after, page.limit + 1],
  );
  return pageOf(rows, page, (row) => [String(row.delivery_id)], deliveryOf);
}

/**
 * Sends one delivery again: back to pending, due now, with a fresh retry window (its attempts keep
 * counting). A pending one is left as it is. Null when the webhook has no such delivery.
 */
export async function replayDelivery(db: SqlExecutor, webhookId: string, deliveryId: string): Promise<DeliveryView | null> {
  if (!/^[0-9]{1,18}$/.test(deliveryId)) return null;
  await db.query(
    `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), first_attempt_at = NULL, lease_until = NULL, delivered_at = NULL
     WHERE webhook_id = $1 AND delivery_id = $2::bigint AND status <> 'pending'
       AND EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.webhook_id = $1 AND s.deleted_at IS NULL)`,
    [webhookId, deliveryId],
  );
  const [row] = await db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE webhook_id = $1 AND delivery_id = $2::bigint`,
    [webhookId, deliveryId],
  );
  return row ? deliveryOf(row) : null;
}
