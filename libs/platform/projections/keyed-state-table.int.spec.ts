import { KeyedState } from '@ledger/kernel';
import { type SqlDatabase } from '@ledger/platform/sql';
import { KeyedStateTable } from './keyed-state-table';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';

interface Entities {
  partner: { name: string };
  coupon: { partnerId: string };
}

const newState = () => new KeyedState<Entities>(['partner', 'coupon']);
const table = new KeyedStateTable('sample_state');

describe('KeyedStateTable', () => {
  let db: SqlDatabase;

  beforeAll(async () => {
    db = await openMemoryDatabase();
  });
  beforeEach(async () => {
    await db.exec(
      'DROP TABLE IF EXISTS sample_state; CREATE TABLE sample_state (kind text NOT NULL, key text NOT NULL, value text NOT NULL, PRIMARY KEY (kind, key))',
    );
  });
  afterAll(async () => {
    await db.close();
  });

  const stored = () => db.query('SELECT kind, key, value FROM sample_state ORDER BY kind, key');

  it('writes what changed (upserts and deletes) as the batch left it, and loads it back unchanged', async () => {
    const state = newState();
    state.put('partner', 'P-1', { name: 'Acme' });
    state.put('coupon', 'K1', { partnerId: 'P-1' });
    state.put('coupon', 'K2', { partnerId: 'P-1' });
    await db.transaction(table.changes(state.takeDirty()));

    state.delete('coupon', 'K1');
    (state.get('partner', 'P-1') as { name: string }).name = 'Acme Inc';
    state.touch('partner', 'P-1');
    const write = table.changes(state.takeDirty());
    // Serialised when taken: a later change in memory is not what this batch writes.
    (state.get('partner', 'P-1') as { name: string }).name = 'not yet';
    await db.transaction(write);

    expect(await stored()).toEqual([
      { kind: 'coupon', key: 'K2', value: '{"partnerId":"P-1"}' },
      { kind: 'partner', key: 'P-1', value: '{"name":"Acme Inc"}' },
    ]);
    const loaded = await table.load(db, newState());
    expect(loaded.takeDirty()).toEqual([]);
    expect([...loaded.entities()]).toEqual([
      { kind: 'partner', key: 'P-1', value: { name: 'Acme Inc' } },
      { kind: 'coupon', key: 'K2', value: { partnerId: 'P-1' } },
    ]);
  });

  it('replaceAll leaves exactly the given entities', async () => {
    const state = newState();
    state.put('coupon', 'K1', { partnerId: 'P-1' });
    await db.transaction(table.changes(state.takeDirty()));
    const rederived = newState();
    rederived.put('partner', 'P-2', { name: 'Beta' });
    await db.transaction(table.replaceAll(rederived.entities()));
    expect(await stored()).toEqual([{ kind: 'partner', key: 'P-2', value: '{"name":"Beta"}' }]);
  });

  it('accepts only a plain table name', () => {
    expect(() => new KeyedStateTable('state; DROP TABLE x')).toThrow('not a plain table name');
  });
});
