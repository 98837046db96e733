import { writeCsv } from '@ledger/platform/csv';
import type { StatementView } from './get-partner-statement.query';

const COLUMNS = [
  'date',
  'currency',
  'kind',
  'description',
  'debit',
  'credit',
  'amount',
  'running_balance',
  'payable_at',
  'recorded_at',
  'conversion_id',
  'policy_version',
  'replaced_policy_version',
  'plan_version',
  'tier',
  'rate',
  'cause_type',
  'cause_source',
  'cause_id',
  'cause_position',
  'actor',
  'transaction_id',
  'line_id',
  'hash',
];

/**
 * The statement as CSV (RFC 4180), one row per line, for spreadsheets and finance tools. Ids,
 * descriptions and actors come from upstream or from API keys: writeCsv escapes any cell that a
 * spreadsheet would run as a formula (negative amounts get the leading "'" too, SPEC §5).
 */
export function statementToCsv(view: StatementView): string {
  return writeCsv(
    COLUMNS,
    view.lines.map((line) => [
      line.date,
      line.currency,
      line.kind,
      line.description,
      line.debit,
      line.credit,
      line.amount,
      line.runningBalance,
      line.payableAt,
      line.recordedAt,
      line.conversionId ?? '',
      line.policyVersion ?? '',
      line.replacedPolicyVersion ?? '',
      line.planVersion ?? '',
      line.tier ?? '',
      line.rate ?? '',
      line.cause.type,
      line.cause.source,
      line.cause.id,
      line.cause.position,
      line.actor ?? '',
      line.transactionId,
      line.lineId,
      line.hash,
    ]),
  );
}
