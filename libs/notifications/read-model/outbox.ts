import { migrate, type SqlDatabase, type SqlExecutor } from '@ledger/platform/sql';
import type { Notification, NotificationDraft, NotificationKind } from '@ledger/notifications/domain';
import { NOTIFICATION_MIGRATIONS } from './migrations';

/** Creates or updates the notifications' tables (numbered migrations of their own, never dropped by a rebuild). */
export async function setUpOutbox(db: SqlDatabase): Promise<void> {
  await migrate(db, NOTIFICATION_MIGRATIONS);
}

/**
 * Writes a batch's notifications into the outbox, in the transaction of the ledger projection that
 * booked their facts: a notification exists exactly when its fact is committed. Deal notifications
 * get their partner from the registration recorded earlier (or in the same batch); one for a deal
 * never registered has nobody to tell and is dropped. Ids derive from the facts: `ON CONFLICT DO
 * NOTHING` makes a replay (a retried batch, a rebuild) write nothing new.
 */
export async function writeOutbox(tx: SqlExecutor, drafts: readonly NotificationDraft[]): Promise<void> {
  if (drafts.length === 0) return;
  const registrations = new Map<string, string>();
  for (const draft of drafts)
    if (draft.dealId !== undefined && draft.partnerId !== null && !registrations.has(draft.dealId))
      registrations.set(draft.dealId, draft.partnerId);
  if (registrations.size > 0) {
    await tx.query(
      'INSERT INTO notification_deal_partners (deal_id, partner_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (deal_id) DO NOTHING',
      [[...registrations.keys()], [...registrations.values()]],
    );
  }
  const unresolved = [
    ...new Set(drafts.flatMap((draft) => (draft.partnerId === null && draft.dealId !== undefined ? [draft.dealId] : []))),
  ];
  const partnerOfDeal = new Map<string, string>();
  if (unresolved.length > 0) {
    const rows = await tx.query<{ deal_id: string; partner_id: string }>(
      'SELECT deal_id, partner_id FROM notification_deal_partners WHERE deal_id = ANY($1::text[])',
      [unresolved],
    );
    for (const row of rows) partnerOfDeal.set(row.deal_id, row.partner_id);
  }
  const notifications = drafts.flatMap((draft): Notification[] => {
    const partnerId = draft.partnerId ?? (draft.dealId === undefined ? undefined : partnerOfDeal.get(draft.dealId));
    if (partnerId === undefined) return [];
    return [{ notificationId: draft.notificationId, kind: draft.kind, partnerId, occurredAt: draft.occurredAt, data: draft.data }];
  });
  if (notifications.length === 0) return;
  // In the batch's order: the sequence numbers give the order of delivery per partner.
  await tx.query(
    `INSERT INTO notification_outbox (notification_id, kind, partner_id, occurred_at, data)
     SELECT id, kind, partner, at, data::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
       WITH ORDINALITY AS batch (id, kind, partner, at, data, ord)
     ORDER BY ord
     ON CONFLICT (notification_id) DO NOTHING`,
    [
      notifications.map((n) => n.notificationId),
      notifications.map((n) => n.kind),
      notifications.map((n) => n.partnerId),
      notifications.map((n) => n.occurredAt),
      notifications.map((n) => JSON.stringify(n.data)),
    ],
  );
}

/** A notification as the outbox holds it, with its place in the outbox's order. */
export interface OutboxEntry extends Notification {
  seq: number;
}

interface OutboxRow {
  seq: string | number;
  notification_id: string;
  kind: string;
  partner_id: string;
  occurred_at: string;
  data: unknown;
}

export function outboxEntryOf(row: OutboxRow): OutboxEntry {
  return {
    seq: Number(row.seq),
    notificationId: row.notification_id,
    kind: row.kind as NotificationKind,
    partnerId: row.partner_id,
    occurredAt: row.occurred_at,
    data: (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Notification['data'],
  };
}

/** The outbox after `seq`, in order, at most `limit` entries. */
export async function readOutbox(db: SqlExecutor, afterSeq: number, limit: number): Promise<OutboxEntry[]> {
  const rows = await db.query<OutboxRow>(
    'SELECT seq, notification_id, kind, partner_id, occurred_at, data FROM notification_outbox WHERE seq > $1 ORDER BY seq LIMIT $2',
    [afterSeq, limit],
  );
  return rows.map(outboxEntryOf);
}
