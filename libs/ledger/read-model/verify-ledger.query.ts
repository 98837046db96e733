import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { LedgerVerifier, type VerificationReport } from '@ledger/ledger/domain';
import type { SqlDatabase } from '@ledger/platform/sql';
import { countProjectionExceptions, listProjectionExceptions, type ProjectionException } from '@ledger/platform/projections';
import { LINE_COLUMN_LIST, rowToLine, type LedgerLineRow } from './ledger-line-rows';

export interface LedgerWarning {
  cause: { type: string; source: string; id: string; position: number };
  message: string;
}

export interface LedgerVerificationView extends VerificationReport {
  /** Events the ledger could not book as they stand (not integrity problems); the first 100. */
  warnings: LedgerWarning[];
  warningCount: number;
  /**
   * Events a projection could not apply at all, recorded and skipped (SPEC §1); the first 100.
   * While any exist `ok` is false: the read models leave those events out.
   */
  exceptions: ProjectionException[];
  exceptionCount: number;
}

export class VerifyLedgerQuery extends Query<LedgerVerificationView> {}

const PAGE = 5000;

/** Re-reads the whole journal in chain order and re-checks every hash and every transaction. */
@QueryHandler(VerifyLedgerQuery)
export class VerifyLedgerHandler implements IQueryHandler<VerifyLedgerQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute(): Promise<LedgerVerificationView> {
    const verifier = new LedgerVerifier();
    let after: { partnerId: string; seq: number } = { partnerId: '', seq: 0 };
    for (;;) {
      const rows = await this.db.query<LedgerLineRow>(
        `SELECT ${LINE_COLUMN_LIST} FROM ledger_lines WHERE (partner_id, seq) > ($1, $2) ORDER BY partner_id, seq LIMIT $3`,
        [after.partnerId, after.seq, PAGE],
      );
      const lines = rows.map(rowToLine);
      for (const line of lines) verifier.add(line);
      if (lines.length < PAGE) break;
      const last = lines[lines.length - 1];
      after = { partnerId: last.partnerId, seq: last.seq };
    }
    const heads = await this.db.query<{ partner_id: string; seq: number | string; hash: string }>(
      'SELECT partner_id, seq, hash FROM ledger_chain_heads',
    );
    const report = verifier.finish(heads.map((head) => ({ partnerId: head.partner_id, seq: Number(head.seq), hash: head.hash })));
    const warnings = await this.db.query<{
      cause_type: string;
      cause_source: string;
      cause_id: string;
      cause_position: number | string;
      message: string;
    }>(
      'SELECT cause_type, cause_source, cause_id, cause_position, message FROM ledger_exceptions ORDER BY cause_position, ordinal LIMIT 100',
    );
    const [count] = await this.db.query<{ count: number | string }>('SELECT count(*) AS count FROM ledger_exceptions');
    const exceptionCount = [...(await countProjectionExceptions(this.db)).values()].reduce((sum, n) => sum + n, 0);
    const exceptions = exceptionCount > 0 ? await listProjectionExceptions(this.db, 100) : [];
    return {
      ...report,
      ok: report.ok && exceptionCount === 0,
      exceptions,
      exceptionCount,
      warnings: warnings.map((w) => ({
        cause: { type: w.cause_type, source: w.cause_source, id: w.cause_id, position: Number(w.cause_position) },
        message: w.message,
      })),
      warningCount: Number(count.count),
    };
  }
}
