import { AccessDeniedError, UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client';
import { WrongExpectedRevisionError } from '../errors';
import { describeFailure, EventStoreUnavailableError, isConnectionError, reasonOf, toWrongExpectedRevision } from './eventstoredb-errors';

describe('EventStoreDB error mapping', () => {
  it("throws the port error with the port stream id, in the SQL adapters' words", () => {
    const stale = toWrongExpectedRevision(
      new WrongExpectedVersionError(undefined, { streamName: 'ledger:deal-1', expected: 0n, current: 1n }),
      'deal-1',
    );
    expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
    expect(stale).toMatchObject({ streamId: 'deal-1', expected: '0', actual: 1 });
    expect(stale.message).toBe('stream "deal-1" expected revision 0 but is at 1');

    const missing = toWrongExpectedRevision(
      new WrongExpectedVersionError(undefined, { streamName: 'ledger:deal-1', expected: 'no_stream', current: 4n }),
      'deal-1',
    );
    expect(missing.message).toBe('stream "deal-1" expected revision no_stream but is at 4');
    const absent = toWrongExpectedRevision(
      new WrongExpectedVersionError(undefined, { streamName: 'ledger:d', expected: 3n, current: 'no_stream' }),
      'd',
    );
    expect(absent.actual).toBe('no_stream');
  });

  it('tells connection problems from other failures, including the raw gRPC errors some client paths reject with', () => {
    expect(isConnectionError(new UnavailableError())).toBe(true);
    expect(isConnectionError(Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 }))).toBe(true);
    expect(isConnectionError(new WrongExpectedRevisionError('s', '1', 2))).toBe(false);
    expect(isConnectionError(new Error('boom'))).toBe(false);
  });

  it('wraps connection problems with what the ledger was doing, without a stack trace', () => {
    const raw = Object.assign(
      new Error('14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: '),
      { code: 14 },
    );
    const wrapped = describeFailure(raw, 'appending events') as Error;
    expect(wrapped).toBeInstanceOf(EventStoreUnavailableError);
    expect(wrapped.message).toBe(
      'EventStoreDB unavailable while appending events: 14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:1.',
    );
    expect(wrapped.stack).toBe(`EventStoreUnavailableError: ${wrapped.message}`);
    const other = new Error('boom');
    expect(describeFailure(other, 'x')).toBe(other);
  });

  it('explains access denied', () => {
    expect(reasonOf(new AccessDeniedError())).toMatch(/read access to \$all/);
  });
});
