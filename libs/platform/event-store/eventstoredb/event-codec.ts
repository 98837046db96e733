import { jsonEvent, type AllStreamResolvedEvent, type EventData, type ResolvedEvent } from '@eventstore/db-client';
import type { CloudEvent, RecordedEvent } from '@ledger/contracts';
import { toLedgerPosition } from './positions';
import type { StreamNames } from './stream-names';

/**
 * Metadata of every ledger event in EventStoreDB. `contentHash` (sha256 of the canonical JSON)
 * decides duplicate vs conflict without re-reading the data; `recordedAt` is only present on
 * events copied from another store, which keep the time the ledger first learned them.
 */
export interface LedgerEventMetadata {
  ledger: 1;
  source: string;
  id: string;
  contentHash: string;
  recordedAt?: string;
}

export function isLedgerEventMetadata(value: unknown): value is LedgerEventMetadata {
  const metadata = value as Partial<LedgerEventMetadata> | null | undefined;
  return (
    typeof metadata === 'object' &&
    metadata !== null &&
    metadata.ledger === 1 &&
    typeof metadata.contentHash === 'string' &&
    (metadata.recordedAt === undefined || typeof metadata.recordedAt === 'string')
  );
}

/** The event as EventStoreDB stores it: type = the CloudEvent type, data = the envelope exactly as accepted. */
export function toEventData(event: CloudEvent, eventId: string, contentHash: string, recordedAt?: string): EventData {
  const metadata: LedgerEventMetadata = { ledger: 1, source: event.source, id: event.id, contentHash };
  if (recordedAt !== undefined) metadata.recordedAt = new Date(recordedAt).toISOString();
  return jsonEvent({
    id: eventId,
    type: event.type,
    data: event as Record<string, unknown>,
    metadata: metadata as unknown as Record<string, unknown>,
  });
}

export interface StoredLedgerEvent {
  recorded: RecordedEvent;
  eventId: string;
  metadata: LedgerEventMetadata;
}

/**
 * The port's view of a stored event, or undefined for anything that is not a ledger event of this
 * namespace (links, binary or foreign events, tombstones): readers skip those.
 */
export function fromResolvedEvent(resolved: AllStreamResolvedEvent | ResolvedEvent, names: StreamNames): StoredLedgerEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  const streamId = names.ledgerStreamId(event.streamId);
  if (streamId === undefined || !isLedgerEventMetadata(event.metadata)) return undefined;
  return {
    eventId: event.id,
    metadata: event.metadata,
    recorded: {
      position: toLedgerPosition(event.position),
      streamId,
      revision: Number(event.revision),
      recordedAt: event.metadata.recordedAt ?? event.created.toISOString(),
      event: event.data as unknown as CloudEvent,
    },
  };
}
