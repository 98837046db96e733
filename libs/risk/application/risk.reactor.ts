import type { RecordedEvent } from '@ledger/contracts';
import { applyRiskEvent, DEFAULT_RISK_OPTIONS, riskRefsOf, riskRefsOfEvent, RiskState, type RiskOptions } from '@ledger/risk/domain';
import type { EntityRef } from '@ledger/kernel';
import { RISK_MIGRATIONS, RISK_STATE_TABLE, RISK_TABLES, rowChangeOf, writeRiskRows, type RiskRowChange } from '@ledger/risk/read-model';
import type { AppendCandidate } from '@ledger/platform/event-store';
import { dropReadModel, foldPartialState, type Projection, type ProjectionStep } from '@ledger/platform/projections';
import { migrate, type SqlDatabase, type SqlExecutor } from '@ledger/platform/sql';
import { flagEvent } from './recorded-flags';

/** Entities held in memory between batches by default (STATE_CACHE_ENTITIES). */
const DEFAULT_STATE_CACHE_ENTITIES = 200_000;

export interface RiskReactorOptions {
  /** The screening rules' options: the policy before any adoption. */
  risk?: RiskOptions;
  /** At most this many state entities stay in memory between batches (the rest are read from SQL when a batch needs them). */
  stateCacheEntities?: number;
}

/**
 * Live risk screening: folds every stored event through the pure screening rules and, for each
 * recorded attribution decision, appends one `risk.flagged` per credited partner a signal of the
 * risk policy in force holds (the ledger then moves that commission to `held`). It also keeps the
 * risk read model — flags with finance's decisions, risk policies, disputes — from the stored facts.
 */
export class RiskReactor implements Projection {
  readonly name = 'risk';
  private state = new RiskState();
  private readonly options: RiskOptions;
  private readonly cacheLimit: number;
  /** Where the entities the memory does not hold are read from; set by `load`. */
  private db?: SqlDatabase;

  constructor(options: RiskReactorOptions = {}) {
    this.options = options.risk ?? DEFAULT_RISK_OPTIONS;
    this.cacheLimit = options.stateCacheEntities ?? DEFAULT_STATE_CACHE_ENTITIES;
  }

  /** Entities (and known absences) held in memory right now. */
  heldEntities(): number {
    return this.state.held();
  }

  async setUp(db: SqlDatabase): Promise<void> {
    await migrate(db, RISK_MIGRATIONS);
  }

  /** Memory holds what recent batches used; the rest stays in SQL until a batch needs it. */
  async load(db: SqlDatabase): Promise<void> {
    this.db = db;
    this.state = new RiskState({ partial: true });
  }

  async rollback(db: SqlDatabase): Promise<void> {
    await this.load(db);
  }

  async reset(db: SqlDatabase): Promise<void> {
    await dropReadModel(db, RISK_TABLES, RISK_MIGRATIONS);
    this.state = new RiskState({ partial: this.db !== undefined });
  }

  async apply(batch: readonly RecordedEvent[]): Promise<ProjectionStep> {
    const append = await this.screen(batch);
    const rows: RiskRowChange[] = [];
    for (const recorded of batch) {
      const row = rowChangeOf(recorded);
      if (row) rows.push(row);
    }
    const writeState = RISK_STATE_TABLE.changes(this.state.takeDirty());
    // Serialised above: memory goes back to a bounded part.
    if (this.state.partial) this.state.shrinkTo(this.cacheLimit);
    return {
      append,
      write: async (tx: SqlExecutor) => {
        await writeState(tx);
        await writeRiskRows(tx, rows);
      },
    };
  }

  /** The flags a batch raises; a partial state first fetches what its events name, and what that points at. */
  private async screen(batch: readonly RecordedEvent[]): Promise<AppendCandidate[]> {
    const fold = () =>
      batch.flatMap((recorded) => applyRiskEvent(this.state, recorded, this.options).map((flag) => flagEvent(flag, recorded.event.time)));
    if (!this.state.partial || !this.db || batch.length === 0) return fold();
    const fetch = (refs: Iterable<EntityRef>) => RISK_STATE_TABLE.fill(this.db as SqlDatabase, this.state, refs, riskRefsOf);
    await fetch(batch.flatMap(riskRefsOfEvent));
    return foldPartialState(this.state, fold, fetch);
  }
}
