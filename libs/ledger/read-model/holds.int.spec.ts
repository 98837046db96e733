import { Dec } from '@ledger/kernel';
import { LedgerHistory, plusDays, T0 } from '@ledger/ledger/domain/testing/ledger-history';
import { migrate, type PgliteDatabase } from '@ledger/platform/sql';
import type { RecordedEvent } from '@ledger/contracts';
import { GetCommissionsByMonthHandler, GetCommissionsByMonthQuery } from './get-commissions-by-month.query';
import { GetPartnerBalanceHandler, GetPartnerBalanceQuery } from './get-partner-balance.query';
import { GetPartnerStatementHandler, GetPartnerStatementQuery, type StatementView } from './get-partner-statement.query';
import { LedgerProjection } from './ledger.projection';
import { payoutAvailability } from './payout-availability';
import { statementPage } from './statement-cursor';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';

/*
 * Risk holds (SPEC §9) through the real projection into the embedded database: the balance API's
 * `held`, the statement showing the hold with its reason, the monthly report, and the payout
 * availability that never pays held money.
 */

const D = (days: number) => plusDays(T0, days);
const FAR = '2100-01-01T00:00:00.000Z';

let db: PgliteDatabase;

beforeAll(async () => {
  db = await openMemoryDatabase();
});

afterAll(async () => {
  await db.close();
});

async function project(events: RecordedEvent[]): Promise<void> {
  const projection = new LedgerProjection();
  await projection.reset(db);
  await projection.setUp(db);
  const step = await projection.apply(events);
  await db.transaction((tx) => step.write(tx));
}

const flagged = () =>
  new LedgerHistory()
    .enroll('P-1')
    .decide('C-1', '1000.00', D(1), 'P-1')
    .decide('C-2', '500.00', D(2), 'P-1')
    .flag('F-1', 'C-1', 'P-1', D(3), { signals: ['self_referral'] });

const available = async (asOf: string) =>
  (await payoutAvailability(db, asOf, ['USD'])).map((row) => [row.partnerId, new Dec(row.available).toFixed(2)]);

describe('risk holds in the read model', () => {
  it('the balance shows held commission apart from pending and payable, as the ledger knew it', async () => {
    await project(flagged().events);
    const handler = new GetPartnerBalanceHandler(db);
    const now = await handler.execute(new GetPartnerBalanceQuery('P-1', D(40), FAR));
    expect(now?.balances).toEqual([
      expect.objectContaining({ currency: 'USD', pending: '0.00', payable: '100.00', held: '200.00', earned: '300.00' }),
    ]);
    const beforeFlag = await handler.execute(new GetPartnerBalanceQuery('P-1', D(40), D(2.5)));
    expect(beforeFlag?.balances).toEqual([expect.objectContaining({ payable: '300.00', held: '0.00' })]);
  });

  it('a payout run never pays held money; after the release it does, from the later of its payable date and the release', async () => {
    await project(flagged().events);
    expect(await available(D(60))).toEqual([['P-1', '100.00']]);
    await project(flagged().decideFlag('F-1', 'C-1', 'P-1', 'release', D(45)).events);
    expect(await available(D(44))).toEqual([['P-1', '100.00']]);
    expect(await available(D(45))).toEqual([['P-1', '300.00']]);
  });

  it('the statement shows the hold with its reason, its release and its rejection; paged as unpaged', async () => {
    await project(flagged().refund('C-1', '500.00', D(10)).decideFlag('F-1', 'C-1', 'P-1', 'reject', D(20)).events);
    const handler = new GetPartnerStatementHandler(db);
    const whole = (await handler.execute(new GetPartnerStatementQuery('P-1', null, FAR, FAR))) as StatementView;
    const rows = whole.lines.map((line) => [line.kind, line.amount, line.runningBalance]);
    expect(rows).toEqual([
      ['accrual', '200.00', '200.00'],
      ['hold', '-200.00', '0.00'],
      ['hold', '200.00', '200.00'],
      ['accrual', '100.00', '300.00'],
      ['clawback', '-100.00', '200.00'],
      ['hold', '100.00', '300.00'],
      ['hold', '-100.00', '200.00'],
      ['hold_rejection', '-100.00', '100.00'],
    ]);
    expect(whole.lines[1].description).toContain('held by flag F-1: self_referral');
    expect(whole.lines[7].description).toContain('self-referral confirmed');
    expect(whole.currencies).toEqual([{ currency: 'USD', opening: '0.00', closing: '100.00' }]);

    const paged: unknown[] = [];
    let cursor: string | null | undefined;
    do {
      const page = (await handler.execute(
        new GetPartnerStatementQuery('P-1', null, FAR, FAR, statementPage('3', cursor ?? undefined)),
      )) as StatementView;
      paged.push(...page.lines);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(whole.lines);

    const later = (await handler.execute(new GetPartnerStatementQuery('P-1', D(5), FAR, FAR))) as StatementView;
    expect(later.currencies).toEqual([{ currency: 'USD', opening: '300.00', closing: '100.00' }]);
  });

  it('commissions by month show the held total', async () => {
    await project(flagged().events);
    const { months } = await new GetCommissionsByMonthHandler(db).execute(new GetCommissionsByMonthQuery('2026-01', '2026-02', FAR));
    expect(months.map((m) => [m.month, m.pending, m.payable, m.held, m.earned])).toEqual([
      ['2026-01', '100.00', '0.00', '200.00', '300.00'],
      ['2026-02', '0.00', '100.00', '200.00', '300.00'],
    ]);
  });

  it('needs no migration: accounts and kinds are plain text columns', async () => {
    // The projection's own migrations ran in `project`; nothing constrains kind or account.
    expect(migrate).toBeDefined();
    const constraints = await db.query<{ definition: string }>(
      `SELECT pg_get_constraintdef(c.oid) AS definition FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        WHERE t.relname = 'ledger_lines' AND c.contype = 'c'`,
    );
    expect(constraints.filter((c) => /kind|account/.test(c.definition))).toEqual([]);
  });
});
