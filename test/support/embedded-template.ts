import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { embeddedDatabaseDir } from '@ledger/platform/sql';
import { EMBEDDED_TEMPLATE_ENV } from '@ledger/platform/sql/testing/memory-database';

/*
 * Initialising an embedded cluster (PGlite's initdb) takes seconds, and the suites open hundreds of
 * fresh embedded databases. Global setup initialises one cluster; a test's fresh database starts as
 * a copy of it: a directory copied into DATA_DIR, or an in-memory database loaded from its dump.
 * Nothing of the product is skipped: migrations and everything after them run as on a new machine.
 */
const TEMPLATE_ENV = EMBEDDED_TEMPLATE_ENV;

/** Global setup: one fresh cluster, as a directory and as a dump, for the whole run (workers inherit the env). */
export async function createEmbeddedTemplate(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'ledger-embedded-template-'));
  const pg = await PGlite.create(join(root, 'cluster'));
  const dump = await pg.dumpDataDir('none');
  await pg.close();
  writeFileSync(join(root, 'cluster.tar'), Buffer.from(await dump.arrayBuffer()));
  process.env[TEMPLATE_ENV] = root;
}

export function removeEmbeddedTemplate(): void {
  const root = process.env[TEMPLATE_ENV];
  if (root) rmSync(root, { recursive: true, force: true });
}

/** Puts a fresh cluster where the app will open DATA_DIR's embedded database (no-op without a template or when one is there). */
export function seedEmbeddedDatabase(dataDir: string): void {
  const root = process.env[TEMPLATE_ENV];
  const target = embeddedDatabaseDir(dataDir);
  if (!root || existsSync(target)) return;
  mkdirSync(dataDir, { recursive: true });
  cpSync(join(root, 'cluster'), target, { recursive: true });
}
