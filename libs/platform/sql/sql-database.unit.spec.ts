import { asDatabaseUnavailable, DatabaseUnavailableError, isDatabaseUnavailable, isTransientDatabaseError } from './sql-database';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['node-postgres losing the server', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    ['a client used after its connection broke', new Error('Client has encountered a connection error and is not queryable')],
    ['pg_terminate_backend or a fast shutdown (57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['a crash shutdown (57P02)', withCode('terminating connection because of crash of another server process', '57P02')],
    ['a server starting up or shutting down (57P03)', withCode('the database system is starting up', '57P03')],
    ['a connection exception (08006)', withCode('connection failure', '08006')],
    ['too many connections (53300)', withCode('sorry, too many clients already', '53300')],
    ['a refused connect to every address', new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], '')],
    ['a wrapped cause', new Error('append failed', { cause: withCode('terminating connection due to administrator command', '57P01') })],
  ])('says yes to %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(asDatabaseUnavailable(error)).toBeInstanceOf(DatabaseUnavailableError);
  });

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', withCode('syntax error at or near "SELEC"', '42601')],
    ['a missing table', withCode('relation "ledger_lines" does not exist', '42P01')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'amount')")],
    ['a string', 'nope'],
    ['nothing', undefined],
  ])('says no to %s, and passes it through untouched', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(asDatabaseUnavailable(error)).toBe(error);
  });

  it('counts a lost race as transient but not as unavailable', () => {
    const deadlock = withCode('deadlock detected', '40P01');
    expect(isDatabaseUnavailable(deadlock)).toBe(false);
    expect(isTransientDatabaseError(deadlock)).toBe(true);
    expect(isTransientDatabaseError(withCode('could not serialize access', '40001'))).toBe(true);
    expect(isTransientDatabaseError(withCode('duplicate key', '23505'))).toBe(false);
  });

  it('keeps the reason and the original error', () => {
    const original = withCode('terminating connection due to administrator command', '57P01');
    const wrapped = asDatabaseUnavailable(original) as DatabaseUnavailableError;
    expect(wrapped.message).toBe('database unavailable: terminating connection due to administrator command (57P01)');
    expect(wrapped.cause).toBe(original);
    expect(asDatabaseUnavailable(wrapped)).toBe(wrapped);
  });
});
