import type { RecordedEvent } from '@ledger/contracts';
import { applyLedgerEvent } from './apply-ledger-event';
import type { LedgerOutput } from './ledger-effects';
import type { LedgerOptions } from './ledger-options';
import { LedgerState } from './ledger-state';

/** Folds a history (in global order) into the ledger; `state` continues an earlier fold. */
export function replayLedger(
  events: Iterable<RecordedEvent>,
  options: LedgerOptions,
  state = new LedgerState(),
): { outputs: LedgerOutput[]; state: LedgerState } {
  const outputs: LedgerOutput[] = [];
  for (const recorded of events) outputs.push(...applyLedgerEvent(state, recorded, options));
  return { outputs, state };
}
