import type { IngestResult } from '@ledger/ingestion/application';
import { ingestChunk, type IngestEvents } from './ingest-chunk';
import type { SourceMessage } from './source-message';

const message = (value: string | null, offset: number): SourceMessage => ({
  topic: 't',
  partition: 0,
  offset: String(offset),
  key: null,
  value: value === null ? null : Buffer.from(value),
  timestamp: '0',
});
const event = (id: string) => JSON.stringify({ id, source: 's' });

/** A stand-in for the ingestion contract that refuses ids containing "poison" by throwing, like a store error. */
function fakeStore(): { ingest: IngestEvents; calls: number[] } {
  const calls: number[] = [];
  const ingest: IngestEvents = async (events) => {
    calls.push(events.length);
    const ids = events.map((e) => (e as { id: string }).id);
    if (ids.some((id) => id.includes('poison'))) throw new Error('invalid byte sequence');
    return ids.map((id, i): IngestResult => ({ id, source: 's', status: 'accepted', errors: [], position: i + 1 }));
  };
  return { ingest, calls };
}

describe('ingestChunk', () => {
  it('appends every parseable message in one call and marks the others unparseable', async () => {
    const store = fakeStore();
    const verdicts = await ingestChunk([message(event('a'), 0), message('{', 1), message(event('b'), 2)], {
      ingest: store.ingest,
      storeAnswers: async () => true,
    });
    expect(verdicts.map((v) => v.status)).toEqual(['accepted', 'unparseable', 'accepted']);
    expect(store.calls).toEqual([2]);
  });

  it('isolates an event the store refuses while the store keeps answering', async () => {
    const store = fakeStore();
    const verdicts = await ingestChunk([message(event('a'), 0), message(event('poison'), 1), message(event('c'), 2)], {
      ingest: store.ingest,
      storeAnswers: async () => true,
    });
    expect(verdicts.map((v) => v.status)).toEqual(['accepted', 'unstorable', 'accepted']);
    expect(verdicts[1]).toMatchObject({
      id: 'poison',
      source: 's',
      errors: [{ path: '', message: expect.stringMatching(/refused this event: invalid byte sequence/) }],
    });
  });

  it('fails the whole chunk when the store does not answer, so nothing is committed', async () => {
    const store = fakeStore();
    await expect(
      ingestChunk([message(event('poison'), 0), message(event('b'), 1)], { ingest: store.ingest, storeAnswers: async () => false }),
    ).rejects.toThrow('invalid byte sequence');
  });
});
