import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LEDGER_SOURCE, validateCloudEvent, type ValidationOutcome } from '@ledger/contracts';
import { EVENT_STORE, type AppendCandidate, type EventStore } from '@ledger/platform/event-store';
import { IngestEventsCommand, type IngestResult } from './ingest-events.command';
import { streamForEvent } from '@ledger/contracts';
import { INGESTION_METRICS, type IngestionMetrics } from '@ledger/platform/metrics';

@CommandHandler(IngestEventsCommand)
export class IngestEventsHandler implements ICommandHandler<IngestEventsCommand, IngestResult[]> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    // Absent where nothing scrapes (the CLI).
    @Optional() @Inject(INGESTION_METRICS) private readonly metrics?: IngestionMetrics,
  ) {}

  async execute(command: IngestEventsCommand): Promise<IngestResult[]> {
    const results: IngestResult[] = [];
    const candidates: AppendCandidate[] = [];
    const slotOfCandidate: number[] = [];

    command.events.forEach((raw, index) => {
      const prefix = command.asArray ? `[${index}]` : '';
      const outcome = reserveLedgerSource(validateCloudEvent(raw, prefix), prefix);
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
    this.metrics?.countVerdicts(results.map((result) => result.status));
    return results;
  }
}

/** Facts the ledger derives carry its own source; upstream may not forge them. */
function reserveLedgerSource(outcome: ValidationOutcome, prefix: string): ValidationOutcome {
  if (!outcome.ok || outcome.event.source !== LEDGER_SOURCE) return outcome;
  return {
    ok: false,
    id: outcome.event.id,
    source: outcome.event.source,
    errors: [
      { path: prefix ? `${prefix}.source` : 'source', message: `"${LEDGER_SOURCE}" is reserved for facts the ledger derives itself` },
    ],
  };
}
