import { WholeStateRequired, type EntityRef } from '@ledger/kernel';

/** A KeyedState with `partial` set, as far as folding goes. */
interface PartialState {
  takeMisses(): EntityRef[];
  discardChanges(): EntityRef[];
}

/** A fold that needs more rounds than this is not converging: a bug, reported as such. */
const MAX_ROUNDS = 50;

/**
 * Runs a pure fold over a partial state: when it read entities the state did not hold (misses),
 * its changes are discarded, the missed and the discarded entities are fetched, and it runs again,
 * until a round reads only what is held. Each round only adds to what is held, so it converges;
 * its result (and any error it threw) counts only from a round without misses. A fold that
 * iterates a kind throws WholeStateRequired at once.
 */
export async function foldPartialState<T>(state: PartialState, fold: () => T, fetch: (refs: EntityRef[]) => Promise<void>): Promise<T> {
  for (let round = 1; ; round += 1) {
    let result: T | undefined;
    let failure: { error: unknown } | undefined;
    try {
      result = fold();
    } catch (error) {
      failure = { error };
    }
    // The caller folds over the whole state instead: fetching more would not help.
    if (failure?.error instanceof WholeStateRequired) throw failure.error;
    const misses = state.takeMisses();
    if (misses.length === 0) {
      if (failure) throw failure.error;
      return result as T;
    }
    if (round >= MAX_ROUNDS) throw new Error(`a fold over a partial state still missed ${misses.length} entities after ${round} rounds`);
    // What this round changed is forgotten with its changes: fetched again with the misses.
    const forgotten = state.discardChanges();
    await fetch([...misses, ...forgotten]);
  }
}
