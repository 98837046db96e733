import { START, type Position } from '@eventstore/db-client';

/**
 * Position mapping between the port (one JS number per event) and EventStoreDB's $all position
 * ({commit, prepare}, byte offsets in the transaction log).
 *
 * Every event appended through gRPC is written as a self-committed prepare record, so its $all
 * position has commit === prepare === the record's log offset. The port position is that offset:
 * strictly increasing along $all and never reused, but not dense (1, 2, 3, ...). A number holds
 * it exactly up to 2^53 - 1 bytes (8 PiB of log); beyond that, or for a record whose commit and
 * prepare differ (an explicit transaction written by an old TCP client), mapping fails loudly
 * instead of rounding.
 */
export const MAX_LEDGER_POSITION = BigInt(Number.MAX_SAFE_INTEGER);

/** What older servers send for a position they do not know (2^64 - 1). */
const UNKNOWN_POSITION = 2n ** 64n - 1n;

export function toLedgerPosition(position: Position | undefined): number {
  if (!position) {
    throw new Error('EventStoreDB returned an event without its $all position (the eventstoredb adapter needs EventStoreDB 22.6 or later)');
  }
  if (position.commit === UNKNOWN_POSITION) {
    throw new Error("EventStoreDB did not report the event's $all position (the eventstoredb adapter needs EventStoreDB 22.6 or later)");
  }
  if (position.commit !== position.prepare) {
    throw new Error(
      `EventStoreDB position commit ${position.commit} / prepare ${position.prepare}: commit and prepare differ (an explicit transaction?); ` +
        'the ledger maps positions to one number and cannot represent it',
    );
  }
  if (position.commit <= 0n || position.commit > MAX_LEDGER_POSITION) {
    throw new Error(`EventStoreDB position ${position.commit} is outside 1..2^53-1 and cannot be a ledger position`);
  }
  return Number(position.commit);
}

/** Where a forward read or catch-up subscription of $all starts: `after` itself is excluded by the server. */
export function toEventStorePosition(after: number): typeof START | Position {
  if (!Number.isSafeInteger(after) || after < 0) throw new RangeError(`position must be a non-negative safe integer, got ${after}`);
  if (after === 0) return START;
  const offset = BigInt(after);
  return { commit: offset, prepare: offset };
}
