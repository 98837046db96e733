import { PassThrough } from 'node:stream';
import type { AllStreamSubscription } from '@eventstore/db-client';
import { SubscriptionReader } from './subscription-reader';

/** A plain object-mode stream with the client's extra events; the reader's buffering logic is what is under test. */
function stream() {
  const pass = new PassThrough({ objectMode: true });
  const subscription = Object.assign(pass, { unsubscribe: async () => void pass.destroy() }) as unknown as AllStreamSubscription &
    PassThrough;
  return subscription;
}

describe('SubscriptionReader', () => {
  it('hands out every event written before a caught-up signal raised in the same tick', async () => {
    const subscription = stream();
    const reader = new SubscriptionReader(subscription);
    for (let i = 1; i <= 40; i++) subscription.write({ commitPosition: BigInt(i) });
    subscription.emit('caughtUp');
    const seen: bigint[] = [];
    for (;;) {
      const taken = reader.take(7);
      seen.push(...taken.map((item) => item.commitPosition as bigint));
      if (taken.length === 7) continue;
      if (reader.isCaughtUp) break;
      await reader.wait(1000);
    }
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => BigInt(i + 1)));
    await reader.close();
  });

  it('wakes a waiting reader for new events, failures and interrupts', async () => {
    const subscription = stream();
    const reader = new SubscriptionReader(subscription);
    expect(reader.take(10)).toEqual([]);
    const waiting = reader.wait();
    subscription.write({ commitPosition: 1n });
    await waiting;
    expect(reader.take(10)).toHaveLength(1);

    const interrupted = reader.wait();
    reader.interrupt();
    await interrupted;

    const failing = reader.wait();
    subscription.emit('error', new Error('14 UNAVAILABLE: connection lost'));
    await failing;
    expect(reader.problem?.message).toMatch(/connection lost/);
  });

  it('reports an ended subscription as a problem', async () => {
    const subscription = stream();
    const reader = new SubscriptionReader(subscription);
    subscription.end();
    reader.take(1);
    await reader.wait(1000);
    expect(reader.problem?.message).toBe('the subscription ended');
  });
});
