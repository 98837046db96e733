import { Command } from '@nestjs/cqrs';
import type { FieldError } from '@ledger/kernel';

export interface IngestResult {
  id: string | null;
  source: string | null;
  status: 'accepted' | 'duplicate' | 'conflict' | 'rejected';
  errors: FieldError[];
  /** Global position of the stored event (the earlier one for duplicates and conflicts). */
  position?: number;
}

/** Append upstream CloudEvents; the valid ones of one command are stored atomically. */
export class IngestEventsCommand extends Command<IngestResult[]> {
  constructor(
    /** Raw JSON values as received, one per event. */
    readonly events: readonly unknown[],
    /** Prefix for error paths: "" for a single event, "[i]" is added per element of an array body. */
    readonly asArray: boolean,
  ) {
    super();
  }
}
