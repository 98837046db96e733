/**
 * Ctrl-C during a long command: the first one asks the command to stop at its next safe point
 * (so the embedded database is closed properly, not killed mid-write); a second one quits at once.
 */
export class Interruption {
  private asked = false;
  private readonly onSignal = () => {
    if (this.asked) process.exit(130);
    this.asked = true;
    process.stderr.write('\nstopping after the current step (Ctrl-C again to quit at once)…\n');
  };

  constructor() {
    process.on('SIGINT', this.onSignal);
  }

  get requested(): boolean {
    return this.asked;
  }

  dispose(): void {
    process.off('SIGINT', this.onSignal);
  }
}
