import type { CloudEvent } from '@ledger/contracts';
import { WrongExpectedRevisionError } from '../errors';
import type { AppendCandidate, ExpectedRevision } from '../event-store.port';
import { planAppend, type KnownKey, type StreamRevision } from './append-plan';

const event = (id: string): CloudEvent => ({
  specversion: '1.0',
  id,
  source: 'test',
  type: 'click.recorded',
  time: '2026-03-04T10:00:00Z',
  data: {},
});

function plan(
  rows: Array<[streamId: string, key: string, hash: string, expected?: ExpectedRevision]>,
  known: Record<string, KnownKey> = {},
  revisions: Record<string, StreamRevision> = {},
) {
  const candidates: AppendCandidate[] = rows.map(([streamId, key, , expectedRevision]) => ({
    streamId,
    expectedRevision,
    event: event(key),
  }));
  return planAppend({
    candidates,
    eventIds: rows.map(([, key]) => key),
    contentHashes: rows.map(([, , hash]) => hash),
    known: new Map(Object.entries(known)),
    revisions: new Map(Object.entries(revisions)),
  });
}

describe('planAppend', () => {
  it('writes consecutive events of one stream in one run and keeps the given order across streams', () => {
    const result = plan([
      ['a', 'k1', 'h1'],
      ['a', 'k2', 'h2'],
      ['b', 'k3', 'h3'],
      ['a', 'k4', 'h4'],
    ]);
    expect(result.runs).toEqual([
      { streamId: 'a', candidates: [0, 1], expected: 'any' },
      { streamId: 'b', candidates: [2], expected: 'any' },
      { streamId: 'a', candidates: [3], expected: 'any' },
    ]);
    expect(result.outcomes).toEqual([
      { kind: 'new', run: 0, offset: 0 },
      { kind: 'new', run: 0, offset: 1 },
      { kind: 'new', run: 1, offset: 0 },
      { kind: 'new', run: 2, offset: 0 },
    ]);
  });

  it('answers stored keys by content hash and writes nothing for them', () => {
    const result = plan(
      [
        ['a', 'k1', 'h1'],
        ['a', 'k2', 'other'],
      ],
      { k1: { contentHash: 'h1', position: 100 }, k2: { contentHash: 'h2', position: 200 } },
    );
    expect(result.outcomes).toEqual([
      { kind: 'known', status: 'duplicate', position: 100 },
      { kind: 'known', status: 'conflict', position: 200 },
    ]);
    expect(result.runs).toEqual([]);
  });

  it('treats a key repeated in the batch as a duplicate or conflict of its first occurrence, without breaking the run', () => {
    const result = plan([
      ['a', 'k1', 'h1'],
      ['a', 'k1', 'h1'],
      ['a', 'k1', 'changed'],
      ['a', 'k2', 'h2'],
    ]);
    expect(result.outcomes.slice(1, 3)).toEqual([
      { kind: 'same-batch', status: 'duplicate', of: 0 },
      { kind: 'same-batch', status: 'conflict', of: 0 },
    ]);
    expect(result.runs).toEqual([{ streamId: 'a', candidates: [0, 3], expected: 'any' }]);
  });

  it('checks expected revisions against the running revision and makes the server re-check them', () => {
    const result = plan(
      [
        ['deal-1', 'k1', 'h1', 1],
        ['deal-1', 'k2', 'h2', 2],
        ['other', 'k3', 'h3'],
        ['new', 'k4', 'h4', 'no_stream'],
        ['new', 'k5', 'h5'],
      ],
      {},
      { 'deal-1': 1, new: 'no_stream' },
    );
    expect(result.runs).toEqual([
      { streamId: 'deal-1', candidates: [0, 1], expected: 1 },
      { streamId: 'other', candidates: [2], expected: 'any' },
      { streamId: 'new', candidates: [3, 4], expected: 'no_stream' },
    ]);
  });

  it('throws WrongExpectedRevisionError, as the SQL adapters do, when any candidate is stale', () => {
    const stale = () =>
      plan(
        [
          ['other', 'k1', 'h1'],
          ['deal-1', 'k2', 'h2', 0],
        ],
        {},
        { 'deal-1': 1 },
      );
    expect(stale).toThrow(WrongExpectedRevisionError);
    expect(stale).toThrow('stream "deal-1" expected revision 0 but is at 1');
    expect(() => plan([['deal-1', 'k1', 'h1', 'no_stream']], {}, { 'deal-1': 1 })).toThrow(
      'stream "deal-1" expected revision no_stream but is at 1',
    );
    expect(() => plan([['deal-1', 'k1', 'h1', 3]], {}, { 'deal-1': 'no_stream' })).toThrow(
      'stream "deal-1" expected revision 3 but is at no_stream',
    );
    expect(() =>
      plan(
        [
          ['s', 'k1', 'h1', 'no_stream'],
          ['s', 'k2', 'h2', 'no_stream'],
        ],
        {},
        { s: 'no_stream' },
      ),
    ).toThrow('stream "s" expected revision no_stream but is at 0');
  });

  it('does not check the expected revision of a duplicate, like the SQL adapters', () => {
    const result = plan([['deal-1', 'k1', 'h1', 7]], { k1: { contentHash: 'h1', position: 5 } }, { 'deal-1': 1 });
    expect(result.outcomes).toEqual([{ kind: 'known', status: 'duplicate', position: 5 }]);
  });
});
