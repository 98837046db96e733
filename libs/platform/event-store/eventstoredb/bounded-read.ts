import type { StreamingRead } from '@eventstore/db-client';
import { EventStoreUnavailableError } from './eventstoredb-errors';

/**
 * Reads a finite client stream to its end within `timeoutMillis`. The client gives reads no
 * deadline, so a server that accepts the connection but never answers would otherwise hang the
 * caller; here the read is cancelled and reported instead.
 */
export async function readToEnd<E>(read: StreamingRead<E>, timeoutMillis: number, doing: string): Promise<E[]> {
  let timer: NodeJS.Timeout | undefined;
  const items = (async () => {
    const collected: E[] = [];
    for await (const item of read) collected.push(item);
    return collected;
  })();
  items.catch(() => undefined); // the timeout may win the race; its loser must not become an unhandled rejection
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      read.cancel().catch(() => undefined);
      reject(new EventStoreUnavailableError(`EventStoreDB did not answer within ${timeoutMillis} ms while ${doing}`));
    }, timeoutMillis);
  });
  try {
    return await Promise.race([items, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
