import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';

/**
 * Pulls events from a client catch-up subscription in paused mode.
 *
 * Why paused: the client emits `caughtUp` as soon as that message is decoded, while events decoded
 * just before it may still sit in the stream's buffer. Reading with `read()` and checking the
 * caught-up flag only once the buffer is empty guarantees nothing before the signal is lost.
 * The buffer also gives backpressure: while a handler runs, the server stops sending.
 */
export class SubscriptionReader {
  private caughtUp = false;
  private ended = false;
  private failure?: Error;
  private wake?: () => void;

  constructor(
    private readonly subscription: AllStreamSubscription,
    onConfirmed?: () => void,
  ) {
    subscription.on('readable', () => this.notify());
    subscription.on('caughtUp', () => {
      this.caughtUp = true;
      this.notify();
    });
    subscription.on('confirmation', () => onConfirmed?.());
    // Without an error listener a dropped connection would crash the process.
    subscription.on('error', (error: Error) => {
      this.failure = error;
      this.notify();
    });
    subscription.on('end', () => {
      this.ended = true;
      this.notify();
    });
    subscription.on('close', () => {
      this.ended = true;
      this.notify();
    });
  }

  /** Up to `max` events already received; fewer means the buffer is empty for now. */
  take(max: number): AllStreamResolvedEvent[] {
    const taken: AllStreamResolvedEvent[] = [];
    while (taken.length < max) {
      const item = this.subscription.read() as AllStreamResolvedEvent | null;
      if (item === null) break;
      taken.push(item);
    }
    return taken;
  }

  /** Everything up to the moment the server said "caught up" has been taken (valid right after a short take). */
  get isCaughtUp(): boolean {
    return this.caughtUp;
  }

  /** Set when the subscription failed or ended; no more events will arrive. */
  get problem(): Error | undefined {
    if (this.failure) return this.failure;
    return this.ended ? new Error('the subscription ended') : undefined;
  }

  /** Resolves when something may have changed (events, caught-up, failure, end, interrupt) or after `timeoutMillis`. */
  wait(timeoutMillis?: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = timeoutMillis === undefined ? undefined : setTimeout(done, Math.max(0, timeoutMillis));
      const wake = () => done();
      this.wake = wake;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  interrupt(): void {
    this.notify();
  }

  async close(): Promise<void> {
    await this.subscription.unsubscribe().catch(() => undefined);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
