import { Readable } from 'node:stream';
import type { StreamingRead } from '@eventstore/db-client';
import { readToEnd } from './bounded-read';
import { EventStoreUnavailableError } from './eventstoredb-errors';

function readable(items: number[], end: boolean) {
  let cancelled = false;
  const stream = new Readable({ objectMode: true, read() {} });
  for (const item of items) stream.push(item);
  if (end) stream.push(null);
  return {
    stream: Object.assign(stream, { cancel: async () => void (cancelled = true) }) as unknown as StreamingRead<number>,
    cancelled: () => cancelled,
  };
}

describe('readToEnd', () => {
  it('collects a finished read', async () => {
    expect(await readToEnd(readable([1, 2, 3], true).stream, 1000, 'reading')).toEqual([1, 2, 3]);
  });

  it('cancels a read that stays silent and says what was being done', async () => {
    const silent = readable([1], false);
    const started = Date.now();
    await expect(readToEnd(silent.stream, 100, 'reading stream x')).rejects.toThrow(
      new EventStoreUnavailableError('EventStoreDB did not answer within 100 ms while reading stream x'),
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(silent.cancelled()).toBe(true);
  });
});
