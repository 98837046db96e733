import fc from 'fast-check';
import { Dec, formatAmount } from '@ledger/kernel';
import { DEFAULT_LEDGER_OPTIONS, balancesOf, replayLedger, type LedgerLine } from '@ledger/ledger/domain';
import { instantArbitrary, ledgerHistoryArbitrary } from '@ledger/ledger/domain/testing/ledger-arbitraries';
import { type PgliteDatabase } from '@ledger/platform/sql';
import { GetCommissionsByMonthHandler, GetCommissionsByMonthQuery, type CommissionMonth } from './get-commissions-by-month.query';
import { LedgerProjection } from './ledger.projection';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';

/*
 * Commissions by month against the pure balance rule, on random ledgers: for every month end and
 * currency, the answer is the sum over partners of balancesOf(the partner's lines, month end, knownAt).
 */

const FIELDS = ['pending', 'payable', 'held', 'paid', 'earned', 'clawedBack'] as const;

let db: PgliteDatabase;

beforeAll(async () => {
  db = await openMemoryDatabase();
});

afterAll(async () => {
  await db.close();
});

const monthEnd = (month: string): string => {
  const [year, index] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return new Date(Date.UTC(year, index, 1) - 1).toISOString();
};

function expected(lines: LedgerLine[], months: string[], knownAt: string): CommissionMonth[] {
  const partners = [...new Set(lines.map((line) => line.partnerId))];
  const answer: CommissionMonth[] = [];
  for (const month of months) {
    const asOf = monthEnd(month);
    const sums = new Map<string, Record<(typeof FIELDS)[number], Dec>>();
    for (const partnerId of partners) {
      for (const balance of balancesOf(
        lines.filter((line) => line.partnerId === partnerId),
        asOf,
        knownAt,
      )) {
        const sum = sums.get(balance.currency) ?? (Object.fromEntries(FIELDS.map((f) => [f, new Dec(0)])) as Record<string, Dec>);
        for (const field of FIELDS) sum[field] = sum[field].plus(balance[field]);
        sums.set(balance.currency, sum);
      }
    }
    for (const [currency, sum] of [...sums].sort(([a], [b]) => (a < b ? -1 : 1))) {
      answer.push({
        month,
        asOf,
        currency,
        ...(Object.fromEntries(FIELDS.map((f) => [f, formatAmount(sum[f], currency)])) as Record<string, string>),
      } as CommissionMonth);
    }
  }
  return answer;
}

describe('commissions by month answer the sum of the partners’ balances at each month end', () => {
  it('on random ledgers, at a random knownAt', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerHistoryArbitrary, fc.option(instantArbitrary, { nil: undefined }), async (history, knownAtPick) => {
        const projection = new LedgerProjection();
        await projection.reset(db);
        await projection.setUp(db);
        const step = await projection.apply(history.events);
        await db.transaction((tx) => step.write(tx));
        const { outputs } = replayLedger(history.events, DEFAULT_LEDGER_OPTIONS);
        const lines = outputs.flatMap((o) => (o.kind === 'transaction' ? o.transaction.lines : []));
        const knownAt = knownAtPick ?? '2100-01-01T00:00:00.000Z';
        const months = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08'];
        const view = await new GetCommissionsByMonthHandler(db).execute(new GetCommissionsByMonthQuery('2025-12', '2026-08', knownAt));
        expect(view.months).toEqual(expected(lines, months, knownAt));
      }),
      { numRuns: 40 },
    );
  });
});
