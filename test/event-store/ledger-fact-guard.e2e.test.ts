import { InvalidLedgerFactError, LedgerFactGuard, SqlEventStore, type EventStore } from '@ledger/platform/event-store';
import { type PgliteDatabase } from '@ledger/platform/sql';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';

/** SPEC §1: the ledger's own facts are validated before they are stored, and a refusal stores nothing. */
describe('the ledger fact guard in front of the store', () => {
  let db: PgliteDatabase;
  let store: EventStore;
  beforeAll(async () => {
    db = await openMemoryDatabase();
    store = new LedgerFactGuard(await SqlEventStore.open(db));
  });
  afterAll(async () => db.close());

  const adjustment = (id: string, amount: string) => ({
    streamId: `adjustment-${id}`,
    event: {
      specversion: '1.0' as const,
      id,
      source: 'partner-ledger',
      type: 'adjustment.recorded',
      time: '2026-03-04T10:00:00.000Z',
      data: {
        adjustmentId: id,
        partnerId: 'P-1',
        amount: { amount, currency: 'USD' },
        reason: 'goodwill',
        actor: { keyId: 'k', role: 'finance' },
      },
    },
  });

  it('appends facts that meet their contract', async () => {
    const [outcome] = await store.append([adjustment('adj-1', '5.00')]);
    expect(outcome.status).toBe('accepted');
  });

  it('refuses a batch with one broken fact, names it, and writes none of the batch', async () => {
    const head = await store.headPosition();
    const upstream = {
      streamId: 'partner-P-1',
      event: {
        specversion: '1.0' as const,
        id: 'e-1',
        source: 'crm',
        type: 'partner.certified',
        time: '2026-03-04T10:00:00Z',
        data: { partnerId: 'P-1', certification: 'x' },
      },
    };
    const failure = await store
      .append([upstream, adjustment('adj-2', '5.00'), adjustment('adj-3', '1.001')])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidLedgerFactError);
    expect((failure as InvalidLedgerFactError).facts).toEqual([
      { type: 'adjustment.recorded', id: 'adj-3', errors: [expect.objectContaining({ path: 'data.amount.amount' })] },
    ]);
    expect(await store.headPosition()).toBe(head);
  });

  it('leaves upstream events to ingestion (they are validated there)', async () => {
    const [outcome] = await store.append([
      {
        streamId: 'x',
        event: { specversion: '1.0' as const, id: 'e-2', source: 'crm', type: 'anything.else', time: '2026-03-04T10:00:00Z', data: {} },
      },
    ]);
    expect(outcome.status).toBe('accepted');
  });
});
