import type { SqlExecutor } from '@ledger/platform/sql';
import { DEAL_COLUMNS, dealView, type DealRow, type DealView } from './deal-view';

/** One deal registration with its status at `now`; undefined when none is recorded under that id. */
export async function dealById(db: SqlExecutor, dealId: string, now: string): Promise<DealView | undefined> {
  const [row] = await db.query<DealRow>(`SELECT ${DEAL_COLUMNS} FROM attribution_deals WHERE deal_id = $1`, [dealId]);
  return row ? dealView(row, now) : undefined;
}
