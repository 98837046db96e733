import {
  AttributionState,
  DEFAULT_POLICY,
  applyEvent,
  type AttributionDecision,
  type AttributionEntity,
  type AttributionOptions,
} from '@ledger/attribution';
import { DEFAULT_PLAN } from '@ledger/commission';
import type { AppendCandidate } from '@ledger/event-store';
import { LEDGER_SOURCE, type RecordedEvent } from '@ledger/events';
import type { SqlDatabase, SqlExecutor } from '@ledger/sql';
import type { Projection, ProjectionStep } from '../projection';
import { ATTRIBUTION_SCHEMA } from './attribution-tables';
import { automaticRejectionEvent, decisionEvent } from './derived-events';

/** The recurring window of the commission plan in force (default-v1: 12 months). */
export const DEFAULT_RECURRING_MONTHS = DEFAULT_PLAN.recurringMonths;

/**
 * Live attribution: folds every upstream event, in global order, through the pure engine.
 * For each conversion it appends an `attribution.decided` event and keeps the decision in SQL;
 * for each registration the engine refuses it appends a `deal.rejected`. The touch state lives
 * in SQL (one row per entity) and in memory as a cache loaded at start.
 */
export class AttributionProjection implements Projection {
  readonly name = 'attribution';
  private state = new AttributionState();

  constructor(private readonly options: AttributionOptions = { policy: DEFAULT_POLICY, recurringMonths: DEFAULT_RECURRING_MONTHS }) {}

  async setUp(db: SqlDatabase): Promise<void> {
    await db.exec(ATTRIBUTION_SCHEMA);
  }

  async load(db: SqlDatabase): Promise<void> {
    const rows = await db.query<{ kind: AttributionEntity['kind']; key: string; value: string }>(
      'SELECT kind, key, value FROM attribution_touch_state',
    );
    this.state = AttributionState.fromEntities(
      rows.map((row) => ({ kind: row.kind, key: row.key, value: JSON.parse(row.value) }) as AttributionEntity),
    );
  }

  async rollback(db: SqlDatabase): Promise<void> {
    await this.load(db);
  }

  async reset(db: SqlDatabase): Promise<void> {
    await db.exec('DROP TABLE IF EXISTS attribution_touch_state; DROP TABLE IF EXISTS attribution_decisions;');
    this.state = new AttributionState();
  }

  apply(batch: readonly RecordedEvent[]): ProjectionStep {
    const append: AppendCandidate[] = [];
    const decisions: AttributionDecision[] = [];
    for (const recorded of batch) {
      // The ledger's own decisions are outputs of this fold, never inputs. Its automatic
      // `deal.rejected` records do go through: the engine already applied them, so they are no-ops.
      if (recorded.event.source === LEDGER_SOURCE && recorded.event.type !== 'deal.rejected') continue;
      for (const output of applyEvent(this.state, recorded, this.options)) {
        if (output.kind === 'decision') {
          decisions.push(output.decision);
          append.push(decisionEvent(output.decision));
        } else {
          append.push(automaticRejectionEvent(output.rejection, recorded.event.time));
        }
      }
    }
    const dirty = this.state.takeDirty().map((entity) => ({ ...entity, value: JSON.stringify(entity.value) }));
    return {
      append,
      write: async (tx: SqlExecutor) => {
        if (dirty.length > 0) {
          await tx.query(
            `INSERT INTO attribution_touch_state (kind, key, value)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
             ON CONFLICT (kind, key) DO UPDATE SET value = EXCLUDED.value`,
            [dirty.map((e) => e.kind), dirty.map((e) => e.key), dirty.map((e) => e.value)],
          );
        }
        if (decisions.length > 0) {
          await tx.query(
            `INSERT INTO attribution_decisions (conversion_id, cause_source, cause_id, position, policy_version, decision)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[])
             ON CONFLICT (cause_source, cause_id) DO UPDATE SET decision = EXCLUDED.decision, policy_version = EXCLUDED.policy_version`,
            [
              decisions.map((d) => d.conversionId),
              decisions.map((d) => d.cause.source),
              decisions.map((d) => d.cause.id),
              decisions.map((d) => d.cause.position),
              decisions.map((d) => d.policyVersion),
              decisions.map((d) => JSON.stringify(d)),
            ],
          );
        }
      },
    };
  }
}
