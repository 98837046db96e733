import { streams } from '@ledger/contracts';
import type { AppendCandidate } from '@ledger/platform/event-store';
import { LEDGER_SOURCE, type RecordedEvent } from '@ledger/contracts';
import {
  DEFAULT_LEDGER_OPTIONS,
  LedgerState,
  applyLedgerEvent,
  type LedgerLine,
  type LedgerOptions,
  type LedgerOutput,
  type PartnerEntity,
} from '@ledger/ledger/domain';
import { PARTNER_TIER_CHANGED, type PartnerTierChangedData } from '@ledger/contracts';
import { migrate, type SqlDatabase, type SqlExecutor } from '@ledger/platform/sql';
import { dropReadModel, type Projection, type ProjectionStep } from '@ledger/platform/projections';
import { LEDGER_MIGRATIONS, LEDGER_STATE_TABLE, LEDGER_TABLES } from './ledger-tables';
import { insertLines } from './ledger-line-rows';
import { queryTableChanges } from './ledger-query-tables';
import { listTableChanges } from './ledger-list-tables';
import { notificationsOf, type LedgerEventOutputs } from '@ledger/notifications/domain';
import { setUpOutbox, writeOutbox } from '@ledger/notifications/read-model';

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

  constructor(private readonly options: LedgerOptions = DEFAULT_LEDGER_OPTIONS) {}

  async setUp(db: SqlDatabase): Promise<void> {
    await migrate(db, LEDGER_MIGRATIONS);
    // The notifications outbox is written in this projection's transaction but never dropped with it (docs/notifications.md).
    await setUpOutbox(db);
  }

  async load(db: SqlDatabase): Promise<void> {
    this.state = await LEDGER_STATE_TABLE.load(db, new LedgerState());
  }

  async rollback(db: SqlDatabase): Promise<void> {
    await this.load(db);
  }

  /** Drops every table of the ledger read model (a rebuild starts from an empty ledger). */
  async reset(db: SqlDatabase): Promise<void> {
    await dropReadModel(db, LEDGER_TABLES, LEDGER_MIGRATIONS);
    this.state = new LedgerState();
  }

  apply(batch: readonly RecordedEvent[]): ProjectionStep {
    const lines: LedgerLine[] = [];
    const exceptions: Array<{ output: Extract<LedgerOutput, { kind: 'exception' }>; ordinal: number }> = [];
    const append: AppendCandidate[] = [];
    const produced: LedgerEventOutputs[] = [];
    for (const recorded of batch) {
      let ordinal = 0;
      const outputs = applyLedgerEvent(this.state, recorded, this.options);
      produced.push({ recorded, outputs });
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
