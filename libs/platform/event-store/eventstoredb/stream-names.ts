/** Default namespace: the ledger's streams are `ledger:<streamId>`, its idempotency keys `ledger.key:<event id>`. */
export const DEFAULT_NAMESPACE = 'ledger';

const NAMESPACE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Maps the port's stream ids to EventStoreDB stream names under one namespace. The prefix lets a
 * server-side prefix filter on $all select exactly the ledger's events: system streams (`$...`),
 * the idempotency key streams and other applications' streams never match it. Several ledgers
 * (or test runs) can therefore share one server.
 */
export class StreamNames {
  readonly eventPrefix: string;
  readonly keyPrefix: string;

  constructor(readonly namespace: string = DEFAULT_NAMESPACE) {
    if (!NAMESPACE.test(namespace)) {
      throw new Error(`EventStoreDB namespace must be 1 to 64 letters, digits, "_" or "-", got "${namespace}"`);
    }
    this.eventPrefix = `${namespace}:`;
    // "." cannot occur in a namespace, so no namespace's event streams can start with this prefix.
    this.keyPrefix = `${namespace}.key:`;
  }

  eventStream(streamId: string): string {
    if (typeof streamId !== 'string' || streamId.length === 0) throw new Error('streamId must be a non-empty string');
    return this.eventPrefix + streamId;
  }

  keyStream(eventId: string): string {
    return this.keyPrefix + eventId;
  }

  /** The port's stream id of an EventStoreDB stream, or undefined when the stream is not one of this ledger's. */
  ledgerStreamId(streamName: string): string | undefined {
    return streamName.startsWith(this.eventPrefix) ? streamName.slice(this.eventPrefix.length) : undefined;
  }
}
