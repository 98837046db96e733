import type { IngestResult } from '@ledger/ingestion/application';
import type { MessageVerdict } from './message-verdict';
import { parseMessageValue } from './parse-message-value';
import type { SourceMessage } from './source-message';

/** The ingestion contract of POST /v1/events: validate raw events, append the valid ones atomically. */
export type IngestEvents = (events: readonly unknown[]) => Promise<IngestResult[]>;

export interface ChunkDependencies {
  ingest: IngestEvents;
  /** Whether the event store answers at all; tells a store outage from an event the store refuses. */
  storeAnswers: () => Promise<boolean>;
}

/**
 * Turns consumed messages into verdicts, appending every valid event of the chunk in one
 * transaction. When that append throws while the store still answers, one event in the chunk
 * is poison for the store (e.g. a NUL character PostgreSQL cannot keep): the events are then
 * appended one by one and only the refused ones become `unstorable`, so one bad message never
 * blocks its partition. When the store does not answer, the error propagates: the ingestor
 * commits nothing of the chunk and tries it again once the store is back.
 */
export async function ingestChunk(messages: readonly SourceMessage[], deps: ChunkDependencies): Promise<MessageVerdict[]> {
  const verdicts: Array<MessageVerdict | undefined> = [];
  const events: unknown[] = [];
  const slots: number[] = [];
  messages.forEach((message, index) => {
    const parsed = parseMessageValue(message.value);
    if (!parsed.ok) {
      verdicts[index] = { status: 'unparseable', errors: parsed.errors };
      return;
    }
    slots.push(index);
    events.push(parsed.value);
  });
  if (events.length > 0) {
    const results = await ingestIsolatingPoison(events, deps);
    results.forEach((result, i) => (verdicts[slots[i]] = result));
  }
  return verdicts as MessageVerdict[];
}

async function ingestIsolatingPoison(events: readonly unknown[], deps: ChunkDependencies, attempt = 1): Promise<MessageVerdict[]> {
  try {
    return (await deps.ingest(events)).map(toVerdict);
  } catch (error) {
    if (!(await deps.storeAnswers())) throw error;
    if (events.length > 1) {
      const verdicts: MessageVerdict[] = [];
      for (const event of events) verdicts.push(...(await ingestIsolatingPoison([event], deps)));
      return verdicts;
    }
    // A second try tells a refused event from a passing hiccup.
    if (attempt === 1) return ingestIsolatingPoison(events, deps, 2);
    return [unstorable(events[0], error)];
  }
}

function unstorable(event: unknown, error: unknown): MessageVerdict {
  const { id, source } = (typeof event === 'object' && event !== null ? event : {}) as { id?: unknown; source?: unknown };
  return {
    status: 'unstorable',
    errors: [{ path: '', message: `the event store refused this event: ${error instanceof Error ? error.message : String(error)}` }],
    ...(typeof id === 'string' ? { id } : {}),
    ...(typeof source === 'string' ? { source } : {}),
  };
}

function toVerdict(result: IngestResult): MessageVerdict {
  if (result.status === 'accepted' || result.status === 'duplicate') {
    return { status: result.status, id: result.id as string, source: result.source as string, position: result.position as number };
  }
  return {
    status: result.status,
    errors: result.errors,
    ...(result.id !== null ? { id: result.id } : {}),
    ...(result.source !== null ? { source: result.source } : {}),
  };
}
