import { streams } from '@ledger/contracts';
import type { AppendCandidate } from '@ledger/platform/event-store';
import { LEDGER_SOURCE, type RecordedEvent } from '@ledger/contracts';
import {
  DEFAULT_LEDGER_OPTIONS,
  LedgerState,
  applyLedgerEvent,
  ledgerRefsOf,
  ledgerRefsOfEvent,
  type LedgerLine,
  type LedgerOptions,
  type LedgerOutput,
  type PartnerEntity,
} from '@ledger/ledger/domain';
import { PARTNER_TIER_CHANGED, type PartnerTierChangedData } from '@ledger/contracts';
import { migrate, type SqlDatabase, type SqlExecutor } from '@ledger/platform/sql';
import { dropReadModel, foldPartialState, type Projection, type ProjectionStep } from '@ledger/platform/projections';
import { WholeStateRequired, type EntityRef } from '@ledger/kernel';
import { LEDGER_MIGRATIONS, LEDGER_STATE_TABLE, LEDGER_TABLES } from './ledger-tables';
import { insertLines } from './ledger-line-rows';
import { queryTableChanges } from './ledger-query-tables';
import { listTableChanges } from './ledger-list-tables';
import { notificationsOf, type LedgerEventOutputs } from '@ledger/notifications/domain';
import { setUpOutbox, writeOutbox } from '@ledger/notifications/read-model';

/** Entities held in memory between batches by default (STATE_CACHE_ENTITIES). */
const DEFAULT_STATE_CACHE_ENTITIES = 200_000;

export interface LedgerProjectionOptions {
  /** The plan, the tier program and the rest of the ledger's rules. */
  ledger?: LedgerOptions;
  /** At most this many state entities stay in memory between batches (the rest are read from SQL when a batch needs them). */
  stateCacheEntities?: number;
}

/** What folding one event produced. */
type FoldedEvents = LedgerEventOutputs[];

/**
 * The commission ledger: folds recorded decisions, refunds, payouts and adjustments through the pure
 * ledger in global order and writes the journal lines, the partner and conversion-commission
 * tables the queries read, the fold's private resume state, the chain heads and the exceptions
 * together with the checkpoint. Promotions are also recorded as `partner.tier_changed`
 * events (deterministic ids, so a rebuild appends nothing new).
 */
export class LedgerProjection implements Projection {
  readonly name = 'ledger';
  private state = new LedgerState();
  private readonly options: LedgerOptions;
  private readonly cacheLimit: number;
  /** Where the entities the memory does not hold are read from; set by `load`. */
  private db?: SqlDatabase;

  constructor(options: LedgerProjectionOptions = {}) {
    this.options = options.ledger ?? DEFAULT_LEDGER_OPTIONS;
    this.cacheLimit = options.stateCacheEntities ?? DEFAULT_STATE_CACHE_ENTITIES;
  }

  /** Entities (and known absences) held in memory right now. */
  heldEntities(): number {
    return this.state.held();
  }

  async setUp(db: SqlDatabase): Promise<void> {
    await migrate(db, LEDGER_MIGRATIONS);
    // The notifications outbox is written in this projection's transaction but never dropped with it (docs/notifications.md).
    await setUpOutbox(db);
  }

  /** Memory holds what recent batches used; the rest stays in SQL until a batch needs it. */
  async load(db: SqlDatabase): Promise<void> {
    this.db = db;
    this.state = new LedgerState({ partial: true });
  }

  async rollback(db: SqlDatabase): Promise<void> {
    await this.load(db);
  }

  /** Drops every table of the ledger read model (a rebuild starts from an empty ledger). */
  async reset(db: SqlDatabase): Promise<void> {
    await dropReadModel(db, LEDGER_TABLES, LEDGER_MIGRATIONS);
    this.state = new LedgerState({ partial: this.db !== undefined });
  }

  async apply(batch: readonly RecordedEvent[]): Promise<ProjectionStep> {
    const lines: LedgerLine[] = [];
    const exceptions: Array<{ output: Extract<LedgerOutput, { kind: 'exception' }>; ordinal: number }> = [];
    const append: AppendCandidate[] = [];
    const produced = await this.fold(batch);
    for (const { outputs } of produced) {
      let ordinal = 0;
      for (const output of outputs) {
        if (output.kind === 'transaction') lines.push(...output.transaction.lines);
        else if (output.kind === 'exception') exceptions.push({ output, ordinal: (ordinal += 1) });
        else if (output.change.from !== null)
          append.push(tierChangedEvent(output.partnerId, output.change, this.options.tierProgram.version));
      }
    }
    const dirty = this.state.takeDirty();
    const heads = dirty.filter((entity) => entity.kind === 'partner' && entity.value).map((entity) => entity.value as PartnerEntity);
    const writeState = LEDGER_STATE_TABLE.changes(dirty);
    const writeQueryTables = queryTableChanges(dirty);
    const writeListTables = listTableChanges(batch, dirty);
    const notifications = notificationsOf(produced);
    // Serialised above: memory goes back to a bounded part (after a batch that needed it whole, to an empty one).
    if (this.db && !this.state.partial) this.state = new LedgerState({ partial: true });
    else if (this.state.partial) this.state.shrinkTo(this.cacheLimit);
    return {
      append,
      write: async (tx: SqlExecutor) => {
        if (lines.length > 0) await insertLines(tx, lines);
        await writeState(tx);
        await writeQueryTables(tx);
        await writeListTables(tx);
        await writeOutbox(tx, notifications);
        const chained = heads.filter((partner) => partner.head.seq > 0);
        if (chained.length > 0) {
          await tx.query(
            `INSERT INTO ledger_chain_heads (partner_id, seq, hash) SELECT * FROM unnest($1::text[], $2::integer[], $3::text[])
             ON CONFLICT (partner_id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash`,
            [chained.map((p) => p.partnerId), chained.map((p) => p.head.seq), chained.map((p) => p.head.hash)],
          );
        }
        if (exceptions.length > 0) {
          await tx.query(
            `INSERT INTO ledger_exceptions (cause_position, ordinal, cause_type, cause_source, cause_id, message)
             SELECT * FROM unnest($1::bigint[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::text[]) ON CONFLICT DO NOTHING`,
            [
              exceptions.map((e) => e.output.cause.position),
              exceptions.map((e) => e.ordinal),
              exceptions.map((e) => e.output.cause.type),
              exceptions.map((e) => e.output.cause.source),
              exceptions.map((e) => e.output.cause.id),
              exceptions.map((e) => e.output.message),
            ],
          );
        }
      },
    };
  }

  /**
   * Folds a batch; a partial state first fetches what its events name and what that points at.
   * A batch that re-reads every commission (a plan or policy change) is folded over the whole state.
   */
  private async fold(batch: readonly RecordedEvent[]): Promise<FoldedEvents> {
    const fold = () => batch.map((recorded) => ({ recorded, outputs: applyLedgerEvent(this.state, recorded, this.options) }));
    const db = this.db;
    if (!this.state.partial || !db || batch.length === 0) return fold();
    const fetch = (refs: Iterable<EntityRef>) => LEDGER_STATE_TABLE.fill(db, this.state, refs, ledgerRefsOf);
    try {
      await fetch(batch.flatMap(ledgerRefsOfEvent));
      return await foldPartialState(this.state, fold, fetch);
    } catch (error) {
      if (!(error instanceof WholeStateRequired)) throw error;
      this.state = await LEDGER_STATE_TABLE.load(db, new LedgerState());
      return fold();
    }
  }
}

function tierChangedEvent(
  partnerId: string,
  change: PartnerTierChangedData | Omit<PartnerTierChangedData, 'partnerId' | 'programVersion'>,
  programVersion: string,
): AppendCandidate {
  const data: PartnerTierChangedData = { ...change, partnerId, programVersion };
  return {
    streamId: streams.partner(partnerId),
    expectedRevision: 'any',
    event: {
      specversion: '1.0',
      // A promotion can be re-dated or withdrawn by later facts: the id names the change, its date and its cause.
      id: `${PARTNER_TIER_CHANGED}:${partnerId}:${change.from}>${change.to}@${change.at}:${change.cause.id}`,
      source: LEDGER_SOURCE,
      type: PARTNER_TIER_CHANGED,
      time: change.at,
      subject: partnerId,
      data,
    },
  };
}
