import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { validateCloudEvent } from '@ledger/events';
import { EVENT_STORE, type AppendCandidate, type EventStore } from '@ledger/event-store';
import { IngestEventsCommand, type IngestResult } from './ingest-events.command';
import { streamForEvent } from './stream-for-event';

@CommandHandler(IngestEventsCommand)
export class IngestEventsHandler implements ICommandHandler<IngestEventsCommand, IngestResult[]> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(command: IngestEventsCommand): Promise<IngestResult[]> {
    const results: IngestResult[] = [];
    const candidates: AppendCandidate[] = [];
    const slotOfCandidate: number[] = [];

    command.events.forEach((raw, index) => {
      const outcome = validateCloudEvent(raw, command.asArray ? `[${index}]` : '');
      if (!outcome.ok) {
        results.push({ id: outcome.id ?? null, source: outcome.source ?? null, status: 'rejected', errors: outcome.errors });
        return;
      }
      slotOfCandidate.push(results.length);
      results.push({ id: outcome.event.id, source: outcome.event.source, status: 'accepted', errors: [] });
      candidates.push({ streamId: streamForEvent(outcome.event), expectedRevision: 'any', event: outcome.event });
    });

    // One append for every valid event of the request: all of them are stored, or none.
    const outcomes = await this.store.append(candidates);
    outcomes.forEach((outcome, i) => {
      const result = results[slotOfCandidate[i]];
      result.status = outcome.status;
      result.position = outcome.position;
      if (outcome.status === 'conflict') {
        result.errors = [
          {
            path: command.asArray ? `[${slotOfCandidate[i]}].id` : 'id',
            message: `an event with source "${result.source}" and id "${result.id}" but different content is already stored (position ${outcome.position}); the first one stands`,
          },
        ];
      }
    });
    return results;
  }
}
