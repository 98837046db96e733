import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PgliteDatabase } from '../pglite-database';

/**
 * The test run's initialised embedded cluster (test/support/embedded-template.ts, made by jest's
 * global setup): a directory holding `cluster/` and its dump `cluster.tar`. Unset outside jest.
 */
export const EMBEDDED_TEMPLATE_ENV = 'LEDGER_TEST_EMBEDDED_TEMPLATE';

let dump: Blob | undefined;

/** A fresh in-memory embedded database for a test: loaded from the run's template when there is one, else initialised. */
export async function openMemoryDatabase(): Promise<PgliteDatabase> {
  const root = process.env[EMBEDDED_TEMPLATE_ENV];
  if (!root) return PgliteDatabase.open();
  dump ??= new Blob([readFileSync(join(root, 'cluster.tar'))]);
  return PgliteDatabase.open(undefined, { startFrom: dump });
}
