import { type SqlDatabase } from '@ledger/platform/sql';
import type { NotificationDraft } from '@ledger/notifications/domain';
import { readOutbox, setUpOutbox, writeOutbox } from './outbox';
import { claimDueDeliveries, fanOut, listDeliveries, recordDelivered, recordFailed, replayDelivery } from './webhook-deliveries';
import { deleteSubscription, insertSubscription } from './webhook-subscriptions';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';

const note = (id: string, partnerId: string | null, extra: Partial<NotificationDraft> = {}): NotificationDraft => ({
  notificationId: id,
  kind: 'commission.booked',
  partnerId,
  occurredAt: '2026-01-01T00:00:00.000Z',
  data: { id },
  ...extra,
});

describe('notifications read model', () => {
  let db: SqlDatabase;

  beforeAll(async () => {
    db = await openMemoryDatabase();
    await setUpOutbox(db);
  });
  beforeEach(async () => {
    await db.exec(
      'TRUNCATE notification_outbox, notification_deal_partners, notification_cursors, webhook_deliveries, webhook_subscriptions RESTART IDENTITY',
    );
  });
  afterAll(async () => {
    await db.close();
  });

  it('writes each notification once, in order, whatever replays the batch', async () => {
    const batch = [note('n-1', 'P-1'), note('n-2', 'P-2'), note('n-3', 'P-1')];
    await db.transaction((tx) => writeOutbox(tx, batch));
    await db.transaction((tx) => writeOutbox(tx, [...batch, note('n-4', 'P-1')]));
    const entries = await readOutbox(db, 0, 10);
    expect(entries.map((entry) => [entry.notificationId, entry.partnerId])).toEqual([
      ['n-1', 'P-1'],
      ['n-2', 'P-2'],
      ['n-3', 'P-1'],
      ['n-4', 'P-1'],
    ]);
    // Sequence numbers only grow (a replay's conflicts use some up: gaps, never reordering).
    expect(entries.map((entry) => entry.seq)).toEqual([...entries.map((entry) => entry.seq)].sort((a, b) => a - b));
  });

  it('writes nothing when the transaction does not commit', async () => {
    await expect(
      db.transaction(async (tx) => {
        await writeOutbox(tx, [note('n-1', 'P-1')]);
        throw new Error('the ledger batch failed');
      }),
    ).rejects.toThrow('the ledger batch failed');
    expect(await readOutbox(db, 0, 10)).toEqual([]);
  });

  it("gives a deal's later notifications the partner who registered it, and drops those of a deal never registered", async () => {
    const deal = (id: string, dealId: string, partnerId: string | null) => note(id, partnerId, { kind: 'deal.status_changed', dealId });
    await db.transaction((tx) => writeOutbox(tx, [deal('r', 'D-1', 'P-7'), deal('a', 'D-1', null)]));
    await db.transaction((tx) => writeOutbox(tx, [deal('l', 'D-1', null), deal('x', 'D-404', null)]));
    expect((await readOutbox(db, 0, 10)).map((entry) => [entry.notificationId, entry.partnerId])).toEqual([
      ['r', 'P-7'],
      ['a', 'P-7'],
      ['l', 'P-7'],
    ]);
  });

  it('fans out to subscribed webhooks registered before the entry, and hands out one delivery per partner at a time', async () => {
    await db.transaction((tx) => writeOutbox(tx, [note('old', 'P-1')]));
    await insertSubscription(db, {
      id: 'wh-1',
      url: 'https://a.example',
      events: ['commission.booked'],
      secret: 'whsec_x',
      createdBy: 'k',
    });
    await insertSubscription(db, { id: 'wh-2', url: 'https://b.example', events: ['payout.paid'], secret: 'whsec_y', createdBy: 'k' });
    await db.transaction((tx) => writeOutbox(tx, [note('n-1', 'P-1'), note('n-2', 'P-1'), note('n-3', 'P-2')]));
    expect(await fanOut(db, 100)).toBe(4);
    expect(await fanOut(db, 100)).toBe(0);

    const first = await claimDueDeliveries(db, 10, 60_000);
    expect(first.map((claim) => [claim.webhookId, claim.notification.notificationId, claim.attempt]).sort()).toEqual([
      ['wh-1', 'n-1', 1],
      ['wh-1', 'n-3', 1],
    ]);
    // Claimed (leased): nothing more until n-1 is done, even for a second process.
    expect(await claimDueDeliveries(db, 10, 60_000)).toEqual([]);
    const n1 = first.find((claim) => claim.notification.notificationId === 'n-1')!;
    expect(await recordFailed(db, n1, { statusCode: 500, durationMs: 3, error: 'answered 500' }, 0, 60_000)).toBe('pending');
    const retried = await claimDueDeliveries(db, 10, 60_000);
    expect(retried.map((claim) => [claim.notification.notificationId, claim.attempt])).toEqual([['n-1', 2]]);
    await recordDelivered(db, retried[0], { statusCode: 204, durationMs: 2, error: null });
    expect((await claimDueDeliveries(db, 10, 60_000)).map((claim) => claim.notification.notificationId)).toEqual(['n-2']);

    const log = await listDeliveries(db, 'wh-1', undefined, { limit: 2, after: null });
    expect(log.items.map((item) => [item.notificationId, item.status, item.attempts])).toEqual([
      ['n-3', 'pending', 1],
      ['n-2', 'pending', 1],
    ]);
    const rest = await listDeliveries(db, 'wh-1', 'delivered', { limit: 10, after: null });
    expect(rest.items).toEqual([
      expect.objectContaining({ notificationId: 'n-1', attempts: 2, lastStatusCode: 204, durationMs: 2, error: null }),
    ]);
  });

  it('marks a delivery failed when the next attempt would fall outside the retry window, and replays it on request', async () => {
    await insertSubscription(db, {
      id: 'wh-1',
      url: 'https://a.example',
      events: ['commission.booked'],
      secret: 'whsec_x',
      createdBy: 'k',
    });
    await db.transaction((tx) => writeOutbox(tx, [note('n-1', 'P-1'), note('n-2', 'P-1')]));
    await fanOut(db, 100);
    const [claim] = await claimDueDeliveries(db, 10, 60_000);
    expect(await recordFailed(db, claim, { statusCode: null, durationMs: 1000, error: 'timeout' }, 10_000, 5_000)).toBe('failed');
    // The partner's next notification is no longer held up.
    const [next] = await claimDueDeliveries(db, 10, 60_000);
    expect(next.notification.notificationId).toBe('n-2');
    await recordDelivered(db, next, { statusCode: 200, durationMs: 1, error: null });
    const replayed = await replayDelivery(db, 'wh-1', claim.deliveryId);
    expect(replayed).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await claimDueDeliveries(db, 10, 60_000)).map((c) => [c.notification.notificationId, c.attempt])).toEqual([['n-1', 2]]);
    expect(await replayDelivery(db, 'wh-1', '999')).toBeNull();
  });

  it('ends the pending deliveries of a deleted webhook', async () => {
    await insertSubscription(db, {
      id: 'wh-1',
      url: 'https://a.example',
      events: ['commission.booked'],
      secret: 'whsec_x',
      createdBy: 'k',
    });
    await db.transaction((tx) => writeOutbox(tx, [note('n-1', 'P-1')]));
    await fanOut(db, 100);
    expect(await deleteSubscription(db, 'wh-1')).toBe(true);
    expect(await deleteSubscription(db, 'wh-1')).toBe(false);
    expect(await claimDueDeliveries(db, 10, 60_000)).toEqual([]);
    expect((await listDeliveries(db, 'wh-1', undefined, { limit: 10, after: null })).items).toEqual([
      expect.objectContaining({ status: 'failed', error: 'webhook deleted' }),
    ]);
  });
});
