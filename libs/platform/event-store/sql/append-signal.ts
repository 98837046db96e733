/**
 * Wakes in-process subscribers right after a commit instead of letting them sleep a full poll
 * interval. Appends from other processes are still picked up by the poll timeout.
 */
export class AppendSignal {
  private waiters = new Set<() => void>();

  notify(): void {
    const waiting = this.waiters;
    this.waiters = new Set();
    for (const wake of waiting) wake();
  }

  wait(timeoutMillis: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMillis);
      const waiters = this.waiters;
      function done() {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      }
      waiters.add(done);
    });
  }
}
