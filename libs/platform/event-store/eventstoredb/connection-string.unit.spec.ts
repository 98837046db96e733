import { clientFor, connectionHint, redactConnectionString } from './connection-string';
import { EventStoreConfigError } from './eventstoredb-errors';

describe('connection string checks', () => {
  it('accepts single-node, cluster and discovery connection strings without connecting', async () => {
    for (const url of ['esdb://localhost:2113?tls=false', 'esdb://a:2113,b:2113,c:2113', 'esdb+discover://cluster.example.com:2113']) {
      const client = clientFor(url, 'EVENTSTORE_URL');
      await client.dispose();
    }
  });

  it.each([
    [undefined, /^EVENTSTORE_URL: is required, e\.g\. esdb:\/\/localhost:2113\?tls=false$/],
    ['   ', /^EVENTSTORE_URL: is required/],
    [
      'http://localhost:2113',
      /^EVENTSTORE_URL: is not a valid EventStoreDB connection string \(http:\/\/localhost:2113\): .*expected esdb:\/\/ or esdb\+discover:\/\//,
    ],
    ['localhost:2113', /^EVENTSTORE_URL: is not a valid EventStoreDB connection string.*expected esdb:\/\//],
    ['esdb://localhost:abc', /^EVENTSTORE_URL: .*expected port number/],
    ['esdb://localhost:2113?tls=maybe', /^EVENTSTORE_URL: .*expected true or false/],
  ])('names the variable and the reason for %j', (url, message) => {
    let error: unknown;
    try {
      clientFor(url, 'EVENTSTORE_URL');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EventStoreConfigError);
    expect((error as Error).message).toMatch(message);
    // Printed at start-up as it is: no stack trace burying the reason.
    expect((error as Error).stack).not.toMatch(/\n\s+at /);
  });

  it('uses the name of the option it came from', () => {
    expect(() => clientFor('nope', '--to-url')).toThrow(/^--to-url: is not a valid EventStoreDB connection string/);
  });

  it('hides passwords', () => {
    expect(redactConnectionString('esdb://admin:changeit@localhost:2113?tls=true')).toBe('esdb://admin:***@localhost:2113?tls=true');
    expect(redactConnectionString('esdb://localhost:2113?tls=false')).toBe('esdb://localhost:2113?tls=false');
  });

  it('suggests tls=false for a refused or failed TLS connection, and checking the server otherwise', () => {
    expect(connectionHint('esdb://localhost:2113', 'connect ECONNREFUSED 127.0.0.1:2113')).toMatch(/tls=false/);
    expect(connectionHint('esdb://localhost:2113?tls=false', 'connect ECONNREFUSED 127.0.0.1:2113')).toMatch(
      /running at that host and port/,
    );
    expect(connectionHint('esdb://localhost:2113', 'SSL routines::wrong version number')).toMatch(/tls=false/);
    expect(connectionHint('esdb://localhost:80?tls=false', '12 UNIMPLEMENTED: Received HTTP status code 404')).toMatch(/wrong port/);
  });
});
