/** A CloudEvents 1.0 structured-mode event as received from upstream (after validation). */
export interface CloudEvent<TData = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  /** Business time: when it happened, ISO 8601 UTC. */
  time: string;
  subject?: string;
  datacontenttype?: string;
  dataschema?: string;
  data: TData;
  /** CloudEvents extension attributes are kept as sent. */
  [extension: string]: unknown;
}

/** An event as stored: the envelope plus where and when the ledger recorded it. */
export interface RecordedEvent<TData = unknown> {
  /** Global position: one total order over all events, starting at 1, never reused. */
  position: number;
  streamId: string;
  /** Position within the stream, starting at 0. */
  revision: number;
  /** When the ledger learned the fact (ISO 8601 UTC). */
  recordedAt: string;
  event: CloudEvent<TData>;
}
