import type { EventStore } from '@ledger/platform/event-store';
import type { SqlDatabase } from '@ledger/platform/sql';

/** Whether the ledger projection has ever run on this read-model database. */
export async function ledgerReadModelExists(db: SqlDatabase): Promise<boolean> {
  const [row] = await db.query<{ present: boolean }>(
    "SELECT to_regclass('ledger_lines') IS NOT NULL AND to_regclass('ledger_state') IS NOT NULL AS present",
  );
  return Boolean(row?.present);
}

/** Each projection's checkpoint against the store's head: how far the read models lag behind. */
export async function projectionLag(
  db: SqlDatabase,
  store: EventStore,
): Promise<{ head: number; checkpoints: Array<{ name: string; position: number }> }> {
  const head = await store.headPosition();
  const [table] = await db.query<{ present: boolean }>("SELECT to_regclass('projection_checkpoints') IS NOT NULL AS present");
  if (!table?.present) return { head, checkpoints: [] };
  const rows = await db.query<{ name: string; position: number | string }>(
    'SELECT name, position FROM projection_checkpoints ORDER BY name',
  );
  return { head, checkpoints: rows.map((row) => ({ name: row.name, position: Number(row.position) })) };
}
