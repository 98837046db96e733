import {
  AttributionState,
  DEFAULT_POLICY,
  applyEvent,
  entityRefsOf,
  entityRefsOfEvent,
  type AttributionOutput,
  type DealEntity,
  type PolicyAdoption,
} from '@ledger/attribution/domain';
import { type AttributionOptions } from '@ledger/attribution/domain';
import { POLICY_ADOPTED, POLICY_RETRACTED, type PolicyAdoptedData, type PolicyRetractedData } from '@ledger/contracts';
import { type AttributionDecision } from '@ledger/contracts';
import { DEFAULT_PLAN } from '@ledger/ledger/domain';
import type { AppendCandidate } from '@ledger/platform/event-store';
import { LEDGER_SOURCE, type RecordedEvent } from '@ledger/contracts';
import { migrate, type SqlDatabase, type SqlExecutor } from '@ledger/platform/sql';
import { dropReadModel, foldPartialState, type Projection, type ProjectionStep, type StoredHistory } from '@ledger/platform/projections';
import type { EntityRef } from '@ledger/kernel';
import { replayForAdoption, type PendingDecisionRecord } from './adoption-replay';
import { ATTRIBUTION_MIGRATIONS, ATTRIBUTION_TABLES, markWonDeals, TOUCH_STATE_TABLE, writeDealRows } from '@ledger/attribution/read-model';
import { automaticRejectionEvent, decisionEvent, policyAppliedEvent, revisionEvent, revisionEventId } from './recorded-facts';

/** The recurring window of the commission plan in force (default-v1: 12 months). */
export const DEFAULT_RECURRING_MONTHS = DEFAULT_PLAN.recurringMonths;

/** Touch entities held in memory between batches by default (STATE_CACHE_ENTITIES). */
export const DEFAULT_STATE_CACHE_ENTITIES = 200_000;

export interface AttributionReactorOptions {
  /** The engine's options: the default policy and the recurring window. */
  attribution?: AttributionOptions;
  /** At most this many touch entities stay in memory between batches (the rest are read from SQL when a batch needs them). */
  stateCacheEntities?: number;
}

/** An adoption to insert, or a retraction to note on its adoption's row. */
type PolicyChangeRow =
  | { kind: 'adopted'; adoptionId: string; position: number; data: PolicyAdoptedData; adoptedAt: string; revised: number }
  | { kind: 'retracted'; adoptionId: string; data: PolicyRetractedData; retractedAt: string; revised: number };

/** A decision row to upsert; `replaces` is set when a revision takes the place of the recorded decision. */
interface DecisionRow {
  decision: AttributionDecision;
  replaces?: { adoptionId: string; policyVersion: string; recordedBy: string };
}

/**
 * Live attribution: folds every upstream event, in global order, through the pure engine under the
 * policies in force. For each conversion it appends an `attribution.decided` event and keeps the
 * decision in SQL; for each registration the engine refuses it appends a `deal.rejected`. When finance
 * adopts a policy, it re-reads the history under the new set of policies, appends an
 * `attribution.revised` for each conversion whose credits change and continues from the re-read state;
 * a retraction does the same under the policies still in force.
 * The touch state lives in SQL (one row per entity); memory holds a bounded part of it (the
 * entities recent batches used), and a batch reads what else it needs before it is folded.
 */
export class AttributionReactor implements Projection {
  readonly name = 'attribution';
  private state = new AttributionState();
  private readonly base: AttributionOptions;
  private options: AttributionOptions;
  private adoptionIds = new Set<string>();
  private readonly cacheLimit: number;
  /** Where the touch entities the memory does not hold are read from; set by `load`. */
  private db?: SqlDatabase;

  constructor(options: AttributionReactorOptions = {}) {
    this.base = options.attribution ?? { policy: DEFAULT_POLICY, recurringMonths: DEFAULT_RECURRING_MONTHS };
    this.options = this.base;
    this.cacheLimit = options.stateCacheEntities ?? DEFAULT_STATE_CACHE_ENTITIES;
  }

  /** Touch entities (and known absences) held in memory right now. */
  heldEntities(): number {
    return this.state.held();
  }

  async setUp(db: SqlDatabase): Promise<void> {
    await migrate(db, ATTRIBUTION_MIGRATIONS);
  }

  /** Memory holds what recent batches used; the rest stays in SQL until a batch needs it. */
  private partialState(): AttributionState {
    return new AttributionState({ partial: true });
  }

  async load(db: SqlDatabase): Promise<void> {
    this.db = db;
    this.state = this.partialState();
    const adopted = await db.query<{ adoption_id: string; policy: string; effective_from: Date | string; retraction: string | null }>(
      'SELECT adoption_id, policy, effective_from, retraction FROM attribution_policies ORDER BY position',
    );
    // Every change whose revisions are in force: adoptions, and the retractions of those taken back.
    this.adoptionIds = new Set(
      adopted.flatMap((row) =>
        row.retraction ? [row.adoption_id, (JSON.parse(row.retraction) as { retractionId: string }).retractionId] : [row.adoption_id],
      ),
    );
    this.options = {
      ...this.base,
      adoptions: adopted
        .filter((row) => !row.retraction)
        .map((row): PolicyAdoption => ({
          adoptionId: row.adoption_id,
          policy: JSON.parse(row.policy),
          effectiveFrom: new Date(row.effective_from).toISOString(),
        })),
    };
  }

  async rollback(db: SqlDatabase): Promise<void> {
    await this.load(db);
  }

  async reset(db: SqlDatabase): Promise<void> {
    await dropReadModel(db, ATTRIBUTION_TABLES, ATTRIBUTION_MIGRATIONS);
    this.state = this.db ? this.partialState() : new AttributionState();
    this.options = this.base;
    this.adoptionIds = new Set();
  }

  async apply(batch: readonly RecordedEvent[], history: StoredHistory): Promise<ProjectionStep> {
    const append: AppendCandidate[] = [];
    const decisions: DecisionRow[] = [];
    const changes: PolicyChangeRow[] = [];
    let replacedState = false;
    // Runs of upstream events are folded between policy changes, which re-derive the whole state.
    let run: RecordedEvent[] = [];
    const foldRun = async () => {
      for (const { output, time } of await this.fold(run)) {
        if (output.kind === 'decision') {
          decisions.push({ decision: output.decision });
          append.push(decisionEvent(output.decision));
        } else {
          append.push(automaticRejectionEvent(output.rejection, time));
        }
      }
      run = [];
    };
    for (const recorded of batch) {
      const { event } = recorded;
      if (event.source === LEDGER_SOURCE && (event.type === POLICY_ADOPTED || event.type === POLICY_RETRACTED)) {
        await foldRun();
        const change = await this.changePolicies(recorded, history, decisions, append);
        if (change) {
          changes.push(change);
          replacedState = true;
        }
        continue;
      }
      // The ledger's own decisions are outputs of this fold, never inputs. Its automatic
      // `deal.rejected` records do go through: the engine already applied them, so they are no-ops.
      if (event.source === LEDGER_SOURCE && event.type !== 'deal.rejected') continue;
      run.push(recorded);
    }
    await foldRun();
    // After an adoption the whole state was re-derived: every row is rewritten.
    const dirty = this.state.takeDirty();
    const writeState = replacedState ? TOUCH_STATE_TABLE.replaceAll(this.state.entities()) : TOUCH_STATE_TABLE.changes(dirty);
    const deals = (replacedState ? [...this.state.entities()] : dirty)
      .filter((entity) => entity.kind === 'deal' && entity.value)
      .map((entity) => ({ dealId: entity.key, deal: entity.value as DealEntity }));
    // Serialised above: memory goes back to holding what recent batches used.
    if (replacedState && this.db) this.state = this.partialState();
    else if (this.state.partial) this.state.shrinkTo(this.cacheLimit);
    const options = this.options;
    return {
      append,
      write: async (tx: SqlExecutor) => {
        await writeState(tx);
        for (const change of changes) await (change.kind === 'adopted' ? insertAdoption(tx, change) : noteRetraction(tx, change));
        const decided = decisions.filter((row) => !row.replaces).map((row) => row.decision);
        if (decided.length > 0) {
          await tx.query(
            `INSERT INTO attribution_decisions (conversion_id, cause_source, cause_id, position, policy_version, decision)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[])
             ON CONFLICT (cause_source, cause_id) DO UPDATE SET decision = EXCLUDED.decision, policy_version = EXCLUDED.policy_version`,
            [
              decided.map((d) => d.conversionId),
              decided.map((d) => d.cause.source),
              decided.map((d) => d.cause.id),
              decided.map((d) => d.cause.position),
              decided.map((d) => d.policyVersion),
              decided.map((d) => JSON.stringify(d)),
            ],
          );
        }
        // After the decisions they revise, which may be in this very batch.
        for (const row of decisions) if (row.replaces) await reviseDecisionRow(tx, row.decision, row.replaces);
        await writeDealRows(tx, deals, options);
        await markWonDeals(
          tx,
          decisions.map((row) => row.decision),
        );
      },
    };
  }

  /** Folds upstream events through the engine; a partial state first fetches what they name, and what that points at. */
  private async fold(events: readonly RecordedEvent[]): Promise<Array<{ output: AttributionOutput; time: string }>> {
    const fold = () =>
      events.flatMap((recorded) => applyEvent(this.state, recorded, this.options).map((output) => ({ output, time: recorded.event.time })));
    if (events.length === 0 || !this.state.partial || !this.db) return fold();
    const fetch = (refs: Iterable<EntityRef>) => TOUCH_STATE_TABLE.fill(this.db as SqlDatabase, this.state, refs, entityRefsOf);
    await fetch(events.flatMap(entityRefsOfEvent));
    return foldPartialState(this.state, fold, fetch);
  }

  /**
   * Re-attributes the history under the policies in force after an adoption or a retraction and
   * records what changes: one `attribution.revised` per conversion whose credits differ, then
   * `attribution.policy_applied`. A retraction of an adoption not in force changes nothing.
   */
  private async changePolicies(
    recorded: RecordedEvent,
    history: StoredHistory,
    decisions: DecisionRow[],
    append: AppendCandidate[],
  ): Promise<PolicyChangeRow | undefined> {
    const adoptions = this.options.adoptions ?? [];
    let change: { id: string; effectiveFrom: string; adoptions: PolicyAdoption[] };
    if (recorded.event.type === POLICY_ADOPTED) {
      const data = recorded.event.data as PolicyAdoptedData;
      change = {
        id: data.adoptionId,
        effectiveFrom: data.effectiveFrom,
        adoptions: [...adoptions, { adoptionId: data.adoptionId, policy: data.policy, effectiveFrom: data.effectiveFrom }],
      };
    } else {
      const data = recorded.event.data as PolicyRetractedData;
      const retracted = adoptions.find((adoption) => adoption.adoptionId === data.adoptionId);
      if (!retracted) return undefined;
      change = {
        id: data.retractionId,
        effectiveFrom: retracted.effectiveFrom,
        adoptions: adoptions.filter((adoption) => adoption !== retracted),
      };
    }
    const options: AttributionOptions = { ...this.options, adoptions: change.adoptions };
    // Decisions of this batch are not stored yet; the latest row per conversion event is in force.
    const pending: PendingDecisionRecord[] = decisions.map((row) => ({
      decision: row.decision,
      recordedBy: row.replaces ? revisionEventId(row.replaces.adoptionId, row.decision) : decisionEvent(row.decision).event.id,
    }));
    const reattribution = await replayForAdoption(history, recorded.position, options, change.effectiveFrom, this.adoptionIds, pending);
    const revisions = reattribution.revisions();
    for (const { rejection, registeredAt } of reattribution.newRejections()) append.push(automaticRejectionEvent(rejection, registeredAt));
    const named = { adoptionId: change.id, effectiveFrom: change.effectiveFrom };
    for (const revision of revisions) {
      append.push(revisionEvent(named, revision, recorded.event.time));
      decisions.push({ decision: revision.decision, replaces: { adoptionId: change.id, ...revision.replaced } });
    }
    append.push(policyAppliedEvent(named, revisions.length, recorded.event.time));
    this.state = reattribution.state;
    this.options = options;
    this.adoptionIds.add(change.id);
    if (recorded.event.type === POLICY_ADOPTED) {
      const data = recorded.event.data as PolicyAdoptedData;
      return {
        kind: 'adopted',
        adoptionId: data.adoptionId,
        position: recorded.position,
        data,
        adoptedAt: recorded.event.time,
        revised: revisions.length,
      };
    }
    const data = recorded.event.data as PolicyRetractedData;
    return { kind: 'retracted', adoptionId: data.adoptionId, data, retractedAt: recorded.event.time, revised: revisions.length };
  }
}

async function noteRetraction(tx: SqlExecutor, change: Extract<PolicyChangeRow, { kind: 'retracted' }>): Promise<void> {
  const { data } = change;
  const retraction = {
    retractionId: data.retractionId,
    retractedAt: change.retractedAt,
    retractedBy: `${data.retractedBy.role} key ${data.retractedBy.keyId}`,
    reason: data.reason,
    revisedConversions: change.revised,
  };
  await tx.query('UPDATE attribution_policies SET retraction = $2 WHERE adoption_id = $1', [change.adoptionId, JSON.stringify(retraction)]);
}

async function insertAdoption(tx: SqlExecutor, adoption: Extract<PolicyChangeRow, { kind: 'adopted' }>): Promise<void> {
  const { data } = adoption;
  await tx.query(
    `INSERT INTO attribution_policies (adoption_id, position, version, effective_from, adopted_at, adopted_by, reason, policy, revised_conversions)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (adoption_id) DO NOTHING`,
    [
      adoption.adoptionId,
      adoption.position,
      data.policy.version,
      data.effectiveFrom,
      adoption.adoptedAt,
      `${data.adoptedBy.role} key ${data.adoptedBy.keyId}`,
      data.reason,
      JSON.stringify(data.policy),
      adoption.revised,
    ],
  );
}

/** The revised decision takes the row's place; the one it replaces joins the row's history. */
async function reviseDecisionRow(
  tx: SqlExecutor,
  decision: AttributionDecision,
  replaces: NonNullable<DecisionRow['replaces']>,
): Promise<void> {
  await tx.query(
    `UPDATE attribution_decisions
        SET replaced = (replaced::jsonb || jsonb_build_array($4::jsonb || jsonb_build_object('decision', decision::jsonb)))::text,
            decision = $3, policy_version = $5
      WHERE cause_source = $1 AND cause_id = $2`,
    [decision.cause.source, decision.cause.id, JSON.stringify(decision), JSON.stringify(replaces), decision.policyVersion],
  );
}
