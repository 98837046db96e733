/** Lets a command wait until the read models reflect everything stored (provided by the app's projection host). */
export interface ProjectionCatchUp {
  /** Resolves once every projection has applied every stored event, including the facts they derive. */
  catchUp(timeoutMillis?: number): Promise<void>;
}

export const PROJECTION_CATCH_UP = Symbol('PROJECTION_CATCH_UP');
