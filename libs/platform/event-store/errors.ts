/** Thrown when a stream's current revision differs from what the writer expected. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: string,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream "${streamId}" expected revision ${expected} but is at ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}
