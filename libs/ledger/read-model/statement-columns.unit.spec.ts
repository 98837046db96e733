import { DEFAULT_LEDGER_OPTIONS, LATEST_HASH_VERSION, replayLedger } from '@ledger/ledger/domain';
import { LedgerHistory, T0, plusDays } from '@ledger/ledger/domain/testing/ledger-history';
import { STATEMENT_CSV_HEADER, statementCsvRow, statementLine } from './statement-columns';

describe('statement columns, derived from the field table', () => {
  const history = new LedgerHistory().enroll('P-1').decide('C-1', '100.00', plusDays(T0, 1), 'P-1');
  const source = replayLedger(history.events, DEFAULT_LEDGER_OPTIONS)
    .outputs.flatMap((o) => (o.kind === 'transaction' ? o.transaction.lines : []))
    .find((line) => line.account === 'partner_commission')!;

  it('keeps the columns finance already reads, in their order, and shows the hash version after them', () => {
    // A prefix: a field added to the table may append its column.
    expect(STATEMENT_CSV_HEADER.slice(0, 25)).toEqual([
      ...['date', 'currency', 'kind', 'description', 'debit', 'credit', 'amount', 'running_balance', 'payable_at', 'recorded_at'],
      ...['conversion_id', 'policy_version', 'replaced_policy_version', 'plan_version', 'tier', 'rate'],
      ...['cause_type', 'cause_source', 'cause_id', 'cause_position', 'actor', 'transaction_id', 'line_id', 'hash', 'hash_version'],
    ]);
  });

  it('the JSON line has the same columns (the cause as one object), and the CSV row its values', () => {
    const view = statementLine(source, { amount: '20.00', runningBalance: '20.00' });
    expect(Object.keys(view).slice(0, 22)).toEqual([
      ...['date', 'currency', 'kind', 'description', 'debit', 'credit', 'amount', 'runningBalance', 'payableAt', 'recordedAt'],
      ...[
        'conversionId',
        'policyVersion',
        'replacedPolicyVersion',
        'planVersion',
        'tier',
        'rate',
        'cause',
        'actor',
        'transactionId',
        'lineId',
        'hash',
      ],
      'hashVersion',
    ]);
    expect(view).toMatchObject({
      date: source.occurredAt,
      cause: source.cause,
      hash: source.hash,
      hashVersion: LATEST_HASH_VERSION,
      replacedPolicyVersion: null,
    });
    const row = statementCsvRow(view);
    expect(row.slice(16, 20)).toEqual([source.cause.type, source.cause.source, source.cause.id, source.cause.position]);
    expect(row[0]).toBe(source.occurredAt);
    expect(row[STATEMENT_CSV_HEADER.indexOf('hash_version')]).toBe(LATEST_HASH_VERSION);
  });
});
