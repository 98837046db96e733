import type { NotificationKind } from '@ledger/notifications/domain';
import { pageOf, type Page, type PageRequest } from '@ledger/platform/http';
import type { SqlExecutor } from '@ledger/platform/sql';

/** A registered webhook as listed (never its secret). */
export interface WebhookView {
  id: string;
  url: string;
  events: NotificationKind[];
  createdAt: string;
  createdBy: string;
}

interface SubscriptionRow {
  seq: string | number;
  webhook_id: string;
  url: string;
  events: string[];
  created_at: Date | string;
  created_by: string;
}

const viewOf = (row: SubscriptionRow): WebhookView => ({
  id: row.webhook_id,
  url: row.url,
  events: row.events as NotificationKind[],
  createdAt: new Date(row.created_at).toISOString(),
  createdBy: row.created_by,
});

/** Records a registration; it is sent what the outbox records after it (not the history before). */
export async function insertSubscription(
  db: SqlExecutor,
  subscription: { id: string; url: string; events: readonly NotificationKind[]; secret: string; createdBy: string },
): Promise<void> {
  await db.query(
    `INSERT INTO webhook_subscriptions (webhook_id, url, events, secret, created_by, from_seq)
     VALUES ($1, $2, $3::text[], $4, $5, (SELECT coalesce(max(seq), 0) FROM notification_outbox))`,
    [subscription.id, subscription.url, subscription.events, subscription.secret, subscription.createdBy],
  );
}

/** The live registrations, newest first. */
export async function listSubscriptions(db: SqlExecutor, page: PageRequest): Promise<Page<WebhookView>> {
  const after = page.after ? Number(page.after[0]) : null;
  const rows = await db.query<SubscriptionRow>(
    `SELECT seq, webhook_id, url, events, created_at, created_by FROM webhook_subscriptions
     WHERE deleted_at IS NULL AND ($1::bigint IS NULL OR seq < $1) ORDER BY seq DESC LIMIT $2`,
    [after, page.limit + 1],
  );
  return pageOf(rows, page, (row) => [String(row.seq)], viewOf);
}

/** A registration by id, deleted ones included when asked (their delivery log stays readable). */
export async function findSubscription(db: SqlExecutor, id: string, includeDeleted = false): Promise<WebhookView | null> {
  const [row] = await db.query<SubscriptionRow>(
    `SELECT seq, webhook_id, url, events, created_at, created_by FROM webhook_subscriptions
     WHERE webhook_id = $1 AND ($2 OR deleted_at IS NULL)`,
    [id, includeDeleted],
  );
  return row ? viewOf(row) : null;
}

/** Deletes a registration: nothing more is sent to it, and its pending deliveries end as failed. False if none is live. */
export async function deleteSubscription(db: SqlExecutor, id: string): Promise<boolean> {
  const deleted = await db.query(
    'UPDATE webhook_subscriptions SET deleted_at = now() WHERE webhook_id = $1 AND deleted_at IS NULL RETURNING webhook_id',
    [id],
  );
  if (deleted.length === 0) return false;
  await db.query(
    `UPDATE webhook_deliveries SET status = 'failed', last_error = 'webhook deleted', lease_until = NULL
     WHERE webhook_id = $1 AND status = 'pending'`,
    [id],
  );
  return true;
}
