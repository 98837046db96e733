import type { SqlExecutor } from '@ledger/sql';

export const CHECKPOINT_SCHEMA = `CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name     text   PRIMARY KEY,
  position bigint NOT NULL
)`;

export async function readCheckpoint(db: SqlExecutor, name: string): Promise<number> {
  const [row] = await db.query<{ position: number | string }>('SELECT position FROM projection_checkpoints WHERE name = $1', [name]);
  return row ? Number(row.position) : 0;
}

export async function writeCheckpoint(tx: SqlExecutor, name: string, position: number): Promise<void> {
  await tx.query(
    `INSERT INTO projection_checkpoints (name, position) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position`,
    [name, position],
  );
}
