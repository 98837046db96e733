import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { contentHash, type CloudEvent } from '@ledger/contracts';
import { eventIdFor } from './event-id';
import { fromResolvedEvent, toEventData } from './event-codec';
import { StreamNames } from './stream-names';

const cloudEvent: CloudEvent = {
  specversion: '1.0',
  id: 'evt-1',
  source: 'crm',
  type: 'partner.enrolled',
  time: '2026-03-04T10:00:00Z',
  data: { partnerId: 'P-1', name: 'Acme', partnerType: 'reseller' },
};

/** What the client hands back for an event this adapter wrote (the shape of convertGrpcEvent's result). */
function asStored(
  data: ReturnType<typeof toEventData>,
  streamId: string,
  position: bigint,
  created = new Date('2026-05-01T08:00:00.123Z'),
): AllStreamResolvedEvent {
  return {
    event: {
      streamId,
      id: data.id,
      isJson: true,
      revision: 2n,
      type: data.type,
      created,
      data: data.data as Record<string, unknown>,
      metadata: data.metadata as Record<string, unknown>,
      position: { commit: position, prepare: position },
    },
  } as AllStreamResolvedEvent;
}

describe('event codec', () => {
  const names = new StreamNames();

  it('stores the envelope as data with the CloudEvent type, the derived id and the content hash in metadata', () => {
    const data = toEventData(cloudEvent, eventIdFor('crm', 'evt-1'), contentHash(cloudEvent));
    expect(data).toMatchObject({
      id: eventIdFor('crm', 'evt-1'),
      type: 'partner.enrolled',
      contentType: 'application/json',
      data: cloudEvent,
      metadata: { ledger: 1, source: 'crm', id: 'evt-1', contentHash: contentHash(cloudEvent) },
    });
    expect(data.metadata).not.toHaveProperty('recordedAt');
  });

  it('reads it back as the port sees it, with the server time as recorded time', () => {
    const data = toEventData(cloudEvent, eventIdFor('crm', 'evt-1'), contentHash(cloudEvent));
    const stored = fromResolvedEvent(asStored(data, 'ledger:partner-P-1', 4711n), names);
    expect(stored?.recorded).toEqual({
      position: 4711,
      streamId: 'partner-P-1',
      revision: 2,
      recordedAt: '2026-05-01T08:00:00.123Z',
      event: cloudEvent,
    });
  });

  it('keeps the recorded time of a copied event', () => {
    const data = toEventData(cloudEvent, eventIdFor('crm', 'evt-1'), contentHash(cloudEvent), '2025-12-31T23:59:59.999Z');
    expect(fromResolvedEvent(asStored(data, 'ledger:s', 10n), names)?.recorded.recordedAt).toBe('2025-12-31T23:59:59.999Z');
  });

  it('skips what is not a ledger event of this namespace', () => {
    const data = toEventData(cloudEvent, eventIdFor('crm', 'evt-1'), contentHash(cloudEvent));
    expect(fromResolvedEvent(asStored(data, 'other:partner-P-1', 10n), names)).toBeUndefined();
    expect(fromResolvedEvent(asStored({ ...data, metadata: { foreign: true } } as typeof data, 'ledger:s', 10n), names)).toBeUndefined();
    expect(fromResolvedEvent({}, names)).toBeUndefined();
  });
});
