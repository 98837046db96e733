import type { EventStoreHealth } from '../event-store.port';
import { isConnectionError, reasonOf } from './eventstoredb-errors';

/**
 * Tracks whether EventStoreDB answers, from the outcome of every call and the state of live
 * subscriptions, for /health. "unavailable" when the last call failed to reach the server or a
 * subscription is waiting to reconnect.
 */
export class ConnectionMonitor {
  private connection: EventStoreHealth['connection'] = 'up';
  private since = new Date();
  private lastError?: string;
  private readonly reconnecting = new Set<number>();

  succeeded(): void {
    if (this.reconnecting.size === 0) this.set('up');
  }

  /** Notes a failed call; errors other than connection problems say nothing about the connection. */
  failed(error: unknown): void {
    if (!isConnectionError(error)) return;
    this.lastError = reasonOf(error);
    this.set('unavailable');
  }

  subscriptionDown(id: number, error: unknown): void {
    this.reconnecting.add(id);
    this.lastError = reasonOf(error);
    this.set('unavailable');
  }

  subscriptionUp(id: number): void {
    this.reconnecting.delete(id);
    this.succeeded();
  }

  subscriptionGone(id: number): void {
    this.reconnecting.delete(id);
  }

  health(): EventStoreHealth {
    return {
      connection: this.connection,
      since: this.since.toISOString(),
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
      reconnectingSubscriptions: this.reconnecting.size,
    };
  }

  private set(connection: EventStoreHealth['connection']): void {
    if (this.connection === connection) return;
    this.connection = connection;
    this.since = new Date();
  }
}
