import { EventStoreDBClient } from '@eventstore/db-client';
import { EventStoreConfigError } from './eventstoredb-errors';

/** The connection string with any password replaced, safe for logs and error messages. */
export function redactConnectionString(url: string): string {
  return url.replace(/^([a-z+]+:\/\/[^:@/?]+):[^@/?]*@/i, '$1:***@');
}

/**
 * A client for the connection string, or an EventStoreConfigError naming `variable` and what is
 * wrong with it. Creating the client does not connect; the first call does.
 */
export function clientFor(url: string | undefined, variable: string): EventStoreDBClient {
  if (!url || url.trim() === '') throw new EventStoreConfigError(variable, 'is required, e.g. esdb://localhost:2113?tls=false');
  try {
    return EventStoreDBClient.connectionString(url.trim());
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EventStoreConfigError(
      variable,
      `is not a valid EventStoreDB connection string (${redactConnectionString(url)}): ${reason} Example: esdb://localhost:2113?tls=false`,
    );
  }
}

/** What the connection string looks like it needs: shown next to connection failures. */
export function connectionHint(url: string, reason: string): string {
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|No connection established/i.test(reason)) {
    return /tls=false/i.test(url)
      ? 'is EventStoreDB running at that host and port?'
      : 'is EventStoreDB running there? A server in insecure (dev) mode also needs ?tls=false';
  }
  if (
    /SSL|TLS|certificate|handshake|wrong version number|Unexpected HTTP status|HTTP status code/i.test(reason) &&
    !/tls=false/i.test(url)
  ) {
    return 'a server in insecure (dev) mode needs ?tls=false in the connection string';
  }
  if (/HTTP status code|UNIMPLEMENTED/i.test(reason)) return 'the address answers, but not as an EventStoreDB gRPC endpoint (wrong port?)';
  return '';
}
