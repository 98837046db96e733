import type { RecordedEvent } from '@ledger/contracts';
import { applyRiskEvent, DEFAULT_RISK_OPTIONS, RiskState, type RiskOptions } from '@ledger/risk/domain';
import { RISK_MIGRATIONS, RISK_STATE_TABLE, RISK_TABLES, rowChangeOf, writeRiskRows, type RiskRowChange } from '@ledger/risk/read-model';
import type { AppendCandidate } from '@ledger/platform/event-store';
import { dropReadModel, type Projection, type ProjectionStep } from '@ledger/platform/projections';
import { migrate, type SqlDatabase, type SqlExecutor } from '@ledger/platform/sql';
import { flagEvent } from './recorded-flags';

/**
 * Live risk screening: folds every stored event through the pure screening rules and, for each
 * recorded attribution decision, appends one `risk.flagged` per credited partner a signal of the
 * risk policy in force holds (the ledger then moves that commission to `held`). It also keeps the
 * risk read model — flags with finance's decisions, risk policies, disputes — from the stored facts.
 */
export class RiskReactor implements Projection {
  readonly name = 'risk';
  private state = new RiskState();

  constructor(private readonly options: RiskOptions = DEFAULT_RISK_OPTIONS) {}

  async setUp(db: SqlDatabase): Promise<void> {
    await migrate(db, RISK_MIGRATIONS);
  }

  async load(db: SqlDatabase): Promise<void> {
    this.state = await RISK_STATE_TABLE.load(db, new RiskState());
  }

  async rollback(db: SqlDatabase): Promise<void> {
    await this.load(db);
  }

  async reset(db: SqlDatabase): Promise<void> {
    await dropReadModel(db, RISK_TABLES, RISK_MIGRATIONS);
    this.state = new RiskState();
  }

  apply(batch: readonly RecordedEvent[]): ProjectionStep {
    const append: AppendCandidate[] = [];
    const rows: RiskRowChange[] = [];
    for (const recorded of batch) {
      for (const flag of applyRiskEvent(this.state, recorded, this.options)) append.push(flagEvent(flag, recorded.event.time));
      const row = rowChangeOf(recorded);
      if (row) rows.push(row);
    }
    const writeState = RISK_STATE_TABLE.changes(this.state.takeDirty());
    return {
      append,
      write: async (tx: SqlExecutor) => {
        await writeState(tx);
        await writeRiskRows(tx, rows);
      },
    };
  }
}
