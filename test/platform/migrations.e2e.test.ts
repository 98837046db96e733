import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATTRIBUTION_MIGRATIONS } from '@ledger/attribution/read-model';
import { liveProjections } from '@ledger/composition';
import { LEDGER_MIGRATIONS } from '@ledger/ledger/read-model';
import { NOTIFICATION_MIGRATIONS } from '@ledger/notifications/read-model';
import { EVENT_STORE_MIGRATIONS, SqlEventStore } from '@ledger/platform/event-store';
import { IDEMPOTENCY_MIGRATIONS, IdempotencyStore } from '@ledger/platform/http';
import { PROJECTION_RUNTIME_MIGRATIONS, ProjectionRunner, resetProjections } from '@ledger/platform/projections';
import { MigrationChecksumError, PostgresDatabase, migrate, type Migration, type SqlDatabase } from '@ledger/platform/sql';
import { REPORTING_MIGRATIONS } from '@ledger/reporting/read-model';
import { RISK_MIGRATIONS } from '@ledger/risk/read-model';
import { createScratchDatabase, describeWithPostgres } from '../support/postgres';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';

/** What release 87baf13 left in a database: its DDL verbatim plus a few rows (see the file's header). */
const RELEASE_87BAF13 = readFileSync(join(__dirname, '../fixtures/release-87baf13.sql'), 'utf8');

const EVERY_MIGRATION: Migration[] = [
  ...EVENT_STORE_MIGRATIONS,
  ...PROJECTION_RUNTIME_MIGRATIONS,
  ...ATTRIBUTION_MIGRATIONS,
  ...RISK_MIGRATIONS,
  ...LEDGER_MIGRATIONS,
  ...REPORTING_MIGRATIONS,
  ...IDEMPOTENCY_MIGRATIONS,
  // Run by the ledger projection's set-up; never dropped by a reset (docs/notifications.md).
  ...NOTIFICATION_MIGRATIONS,
];

/** Starts what creates schema at start-up, as the API does: the store, every projection (set-up, load, catch-up), the idempotency store. */
async function startProduct(db: SqlDatabase): Promise<void> {
  const store = await SqlEventStore.open(db, { pollMillis: 10 });
  const runners = liveProjections().map((projection) => new ProjectionRunner(projection, store, db));
  try {
    for (const runner of runners) await runner.start();
    const head = await store.headPosition();
    for (const runner of runners) await runner.waitFor(head);
  } finally {
    for (const runner of runners) await runner.stop();
  }
  await new IdempotencyStore(db).onModuleInit();
}

/** The schema as the catalogue sees it: columns (not their order), constraints, indexes, triggers, functions, recorded migrations. */
async function schemaOf(db: SqlDatabase) {
  return {
    columns: await db.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
        WHERE table_schema = current_schema() ORDER BY table_name, column_name`,
    ),
    constraints: await db.query(
      `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2`,
    ),
    indexes: await db.query('SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1, 2'),
    triggers: await db.query(
      'SELECT tgrelid::regclass::text AS table_name, tgname, pg_get_triggerdef(oid) AS definition FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2',
    ),
    functions: await db.query(
      'SELECT proname, pg_get_functiondef(oid) AS definition FROM pg_proc WHERE pronamespace = current_schema()::regnamespace ORDER BY 1',
    ),
    migrations: (await db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id')).map((row) => row.id),
  };
}

async function tableExists(db: SqlDatabase, table: string): Promise<boolean> {
  const [row] = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
  return row.present;
}

function migrationSuite(open: () => Promise<{ db: SqlDatabase; dispose(): Promise<void> }>): void {
  const opened: Array<{ dispose(): Promise<void> }> = [];
  const fresh = async () => {
    const handle = await open();
    opened.push(handle);
    return handle.db;
  };
  afterEach(async () => {
    for (const handle of opened.splice(0)) await handle.dispose();
  });

  it('starts on a database of release 87baf13: same schema as a fresh one, rows kept, nothing left to migrate', async () => {
    const old = await fresh();
    await old.exec(RELEASE_87BAF13);
    await startProduct(old);
    const created = await fresh();
    await startProduct(created);

    const schema = await schemaOf(created);
    expect(await schemaOf(old)).toEqual(schema);
    expect(schema.migrations).toEqual(EVERY_MIGRATION.map((migration) => migration.id).sort());
    // The comparison is not vacuous: what each era added is in the catalogue.
    expect(schema.columns).toEqual(
      expect.arrayContaining([expect.objectContaining({ table_name: 'attribution_policies', column_name: 'retraction' })]),
    );
    expect(schema.indexes.map((index) => index.indexname)).toEqual(
      expect.arrayContaining(['ledger_lines_by_account', 'http_idempotency_pkey', 'projection_exceptions_pkey']),
    );
    expect(schema.triggers.map((trigger) => trigger.tgname)).toEqual([
      'ledger_events_no_truncate',
      'ledger_events_no_update_delete',
      'ledger_events_track_streams',
      'ledger_lines_no_update_delete',
    ]);
    expect(schema.functions.map((fn) => fn.proname)).toEqual([
      'ledger_append',
      'ledger_events_append_only',
      'ledger_lines_append_only',
      'ledger_streams_track',
    ]);
    expect(await migrate(old, EVERY_MIGRATION)).toEqual([]);

    // The rows of that release are all there, with what later migrations added.
    const store = await SqlEventStore.open(old);
    expect((await store.readAll(0, 10)).map((recorded) => recorded.event.id)).toEqual(['crm-1']);
    const [again] = await store.append([
      {
        streamId: 'partner-P-1',
        event: {
          specversion: '1.0',
          id: 'crm-1',
          source: 'crm',
          type: 'partner.enrolled',
          time: '2026-01-05T09:00:00Z',
          data: { partnerId: 'P-1', name: 'Acme Referrals', partnerType: 'referral' },
        },
      },
    ]);
    expect(again).toEqual({ status: 'duplicate', position: 1 });
    expect(await old.query('SELECT name, position::int AS position FROM projection_checkpoints ORDER BY name')).toEqual([
      { name: 'attribution', position: 1 },
      { name: 'ledger', position: 1 },
      { name: 'reports', position: 1 },
      { name: 'risk', position: 1 },
    ]);
    expect(await old.query('SELECT adoption_id, version, retraction FROM attribution_policies')).toEqual([
      { adoption_id: 'A-1', version: 'policy-v2', retraction: null },
    ]);
    expect(await old.query('SELECT conversion_id, replaced FROM attribution_decisions')).toEqual([
      { conversion_id: 'C-1', replaced: '[]' },
    ]);
    expect(await old.query('SELECT kind, key FROM attribution_touch_state')).toEqual([{ kind: 'partner', key: 'P-1' }]);
    expect(await old.query('SELECT line_id, credit::text AS credit, hash, hash_version FROM ledger_lines')).toEqual([
      { line_id: 'L-1', credit: '12.50', hash: 'h-1', hash_version: 1 },
    ]);
    expect(await old.query('SELECT kind, key FROM ledger_state ORDER BY kind')).toEqual([
      { kind: 'conversion', key: 'C-1' },
      { kind: 'partner', key: 'P-1' },
      { kind: 'payout', key: 'PO-1' },
    ]);
    // The ledger's query tables, filled once from that release's resume state.
    expect(await old.query('SELECT partner_id, tier FROM ledger_partners')).toEqual([{ partner_id: 'P-1', tier: 'registered' }]);
    expect(await old.query('SELECT conversion_id, partner_id, commission::text AS commission FROM ledger_conversion_commissions')).toEqual([
      { conversion_id: 'C-1', partner_id: 'P-1', commission: '12.50' },
    ]);
    expect(await old.query('SELECT partner_id, seq FROM ledger_chain_heads')).toEqual([{ partner_id: 'P-1', seq: 1 }]);
    expect(await old.query('SELECT cause_id FROM ledger_exceptions')).toEqual([{ cause_id: 'inv-9' }]);
    expect(await old.query('SELECT conversion_id, amount::text AS amount FROM report_conversions')).toEqual([
      { conversion_id: 'C-1', amount: '125.00' },
    ]);
    expect(await old.query('SELECT partner_id FROM report_credits')).toEqual([{ partner_id: 'P-1' }]);
    expect(await old.query('SELECT kind, key, value FROM report_state')).toEqual([
      { kind: 'coupon', key: 'SPRING', value: '{"partnerId":"P-1"}' },
    ]);
  });

  it('a rebuild drops the read models and forgets their migrations, so the next start creates them as a fresh database has them', async () => {
    const old = await fresh();
    await old.exec(RELEASE_87BAF13);
    await startProduct(old);
    await resetProjections(old, liveProjections());

    const forgotten = [...ATTRIBUTION_MIGRATIONS, ...RISK_MIGRATIONS, ...LEDGER_MIGRATIONS, ...REPORTING_MIGRATIONS].map(
      (migration) => migration.id,
    );
    expect((await schemaOf(old)).migrations.filter((id) => forgotten.includes(id))).toEqual([]);
    for (const table of ['attribution_decisions', 'risk_flags', 'ledger_lines', 'report_state'])
      expect(await tableExists(old, table)).toBe(false);
    // The notifications outbox is not a projection's read model: a rebuild keeps it, so nothing is sent twice.
    expect(await tableExists(old, 'notification_outbox')).toBe(true);

    await startProduct(old);
    const created = await fresh();
    await startProduct(created);
    expect(await schemaOf(old)).toEqual(await schemaOf(created));
    // Replayed from the store, the one event is all that is left: the old rows went with their tables.
    expect(await old.query('SELECT kind, key FROM attribution_touch_state')).toEqual([{ kind: 'partner', key: 'P-1' }]);
    expect(await old.query('SELECT * FROM attribution_policies')).toEqual([]);
  });

  it('applies each migration once, refuses one edited after it was applied, and leaves nothing of one that fails', async () => {
    const db = await fresh();
    const migrations: Migration[] = [
      { id: 'sample/0001-notes', sql: 'CREATE TABLE notes (id text PRIMARY KEY)' },
      { id: 'sample/0002-note-body', sql: "ALTER TABLE notes ADD COLUMN body text NOT NULL DEFAULT ''" },
    ];
    expect(await migrate(db, migrations)).toEqual(['sample/0001-notes', 'sample/0002-note-body']);
    expect(await migrate(db, migrations)).toEqual([]);

    const edited = [migrations[0], { ...migrations[1], sql: "ALTER TABLE notes ADD COLUMN body text NOT NULL DEFAULT '-'" }];
    await expect(migrate(db, edited)).rejects.toBeInstanceOf(MigrationChecksumError);
    await startProduct(db);
    await expect(migrate(db, [{ ...LEDGER_MIGRATIONS[0], sql: `${LEDGER_MIGRATIONS[0].sql}-- edited\n` }])).rejects.toThrow(
      MigrationChecksumError,
    );

    const failing: Migration = { id: 'sample/0003-broken', sql: 'CREATE TABLE tags (id text); ALTER TABLE missing ADD COLUMN x int' };
    await expect(migrate(db, [...migrations, failing])).rejects.toThrow(/missing/);
    expect(await tableExists(db, 'tags')).toBe(false);
    expect((await schemaOf(db)).migrations).not.toContain('sample/0003-broken');

    await expect(migrate(db, [migrations[1], migrations[0]])).rejects.toThrow('listed after');
    await expect(migrate(db, [{ id: 'no-number', sql: 'SELECT 1' }])).rejects.toThrow('not of the form');
  });
}

describe('numbered migrations on the embedded database', () => {
  migrationSuite(async () => {
    const db = await openMemoryDatabase();
    return { db, dispose: () => db.close() };
  });
});

describeWithPostgres('numbered migrations on PostgreSQL', () => {
  migrationSuite(async () => {
    const scratch = await createScratchDatabase();
    const db = new PostgresDatabase(scratch.url, 4);
    return {
      db,
      dispose: async () => {
        await db.close();
        await scratch.drop();
      },
    };
  });

  it('processes starting together apply each migration once', async () => {
    const scratch = await createScratchDatabase();
    const first = new PostgresDatabase(scratch.url, 2);
    const second = new PostgresDatabase(scratch.url, 2);
    try {
      const [a, b] = await Promise.all([migrate(first, EVERY_MIGRATION), migrate(second, EVERY_MIGRATION)]);
      expect([...a, ...b].sort()).toEqual(EVERY_MIGRATION.map((migration) => migration.id).sort());
    } finally {
      await first.close();
      await second.close();
      await scratch.drop();
    }
  });
});
