import type { RecordedEvent } from '@ledger/contracts';
import { AttributionState } from './attribution-state';
import type { AttributionOptions } from './policy-timeline';
import type { AttributionOutput } from './decision';
import { applyEvent } from './apply-event';

/**
 * Folds a whole history (in global order) from an empty state: rebuilds, simulations under another
 * policy, tests and benchmarks. Pass `state` to continue from a loaded one.
 */
export function replay(
  events: Iterable<RecordedEvent>,
  options: AttributionOptions,
  state: AttributionState = new AttributionState({ trackDirty: false }),
): { outputs: AttributionOutput[]; state: AttributionState } {
  const outputs: AttributionOutput[] = [];
  for (const recorded of events) {
    for (const output of applyEvent(state, recorded, options)) outputs.push(output);
  }
  return { outputs, state };
}
