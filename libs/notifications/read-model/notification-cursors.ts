import type { SqlExecutor } from '@ledger/platform/sql';

/**
 * A reader's place in the outbox (the Kafka publisher's), held by one process at a time: the
 * holder renews a lease while it works, and only the holder moves the cursor. A process that
 * dies loses the lease when it runs out, and the next holder starts again from the cursor, so
 * entries read but not acknowledged are read again (at least once).
 */
export async function leaseCursor(db: SqlExecutor, name: string, owner: string, leaseMillis: number): Promise<number | null> {
  await db.query('INSERT INTO notification_cursors (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
  const [row] = await db.query<{ seq: string | number }>(
    `UPDATE notification_cursors SET lease_owner = $2, lease_until = now() + $3 * interval '1 millisecond'
     WHERE name = $1 AND (lease_owner = $2 OR lease_until IS NULL OR lease_until < now())
     RETURNING seq`,
    [name, owner, leaseMillis],
  );
  return row ? Number(row.seq) : null;
}

/** Moves the cursor to `seq` if `owner` still holds it; false when the lease was lost meanwhile. */
export async function advanceCursor(db: SqlExecutor, name: string, owner: string, seq: number): Promise<boolean> {
  const rows = await db.query('UPDATE notification_cursors SET seq = $3 WHERE name = $1 AND lease_owner = $2 AND seq < $3 RETURNING name', [
    name,
    owner,
    seq,
  ]);
  return rows.length > 0;
}

/** Gives the cursor up (a clean shutdown), so another process takes over at once. */
export async function releaseCursor(db: SqlExecutor, name: string, owner: string): Promise<void> {
  await db.query('UPDATE notification_cursors SET lease_owner = NULL, lease_until = NULL WHERE name = $1 AND lease_owner = $2', [
    name,
    owner,
  ]);
}

/** Whether the outbox holds anything after the cursor: a cheap read, so an idle reader writes nothing. */
export async function outboxAhead(db: SqlExecutor, name: string): Promise<boolean> {
  const [row] = await db.query<{ ahead: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM notification_outbox WHERE seq > coalesce((SELECT seq FROM notification_cursors WHERE name = $1), 0)
     ) AS ahead`,
    [name],
  );
  return row?.ahead === true;
}
