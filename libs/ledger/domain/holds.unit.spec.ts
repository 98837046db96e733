import { Dec } from '@ledger/kernel';
import { availableForPayout } from './payout-selection';
import { balancesFromBuckets, bucketLines, type PartnerBalance } from './balances';
import type { LedgerLine } from './ledger-line';
import { LedgerHistory, plusDays, T0 } from './testing/ledger-history';

const FAR = '2100-01-01T00:00:00.000Z';
const D = (days: number) => plusDays(T0, days);

function balance(lines: LedgerLine[], partnerId: string, asOf: string, knownAt = FAR): PartnerBalance | undefined {
  return balancesFromBuckets(
    bucketLines(
      lines.filter((l) => l.partnerId === partnerId),
      asOf,
      knownAt,
    ),
  ).find((b) => b.currency === 'USD');
}

function usd(fields: Partial<PartnerBalance>): PartnerBalance {
  const zero = {
    pending: '0.00',
    payable: '0.00',
    held: '0.00',
    paid: '0.00',
    earned: '0.00',
    clawedBack: '0.00',
    adjustments: '0.00',
    inTransit: '0.00',
  };
  return { currency: 'USD', ...zero, ...fields };
}

const flagged = () =>
  new LedgerHistory()
    .enroll('P-1')
    .decide('C-1', '1000.00', D(1), 'P-1')
    .flag('F-1', 'C-1', 'P-1', D(2), { signals: ['self_referral', 'click_velocity'] });

const kinds = (lines: LedgerLine[]) => lines.map((l) => [l.kind, l.account, l.debit, l.credit, l.occurredAt, l.payableAt]);

describe('risk holds (SPEC §9)', () => {
  describe('a flagged commission', () => {
    const { lines, outputs } = flagged().run();

    it('is mirrored onto the held account at the accrual’s own business and payable times', () => {
      expect(outputs.filter((o) => o.kind === 'exception')).toEqual([]);
      expect(kinds(lines.filter((l) => l.kind === 'hold'))).toEqual([
        ['hold', 'partner_commission', '200.00', '0.00', D(1), D(31)],
        ['hold', 'partner_commission_held', '0.00', '200.00', D(1), D(31)],
      ]);
      const hold = lines.find((l) => l.kind === 'hold') as LedgerLine;
      expect(hold.description).toContain('held by flag F-1: self_referral, click_velocity');
      expect(hold.cause).toMatchObject({ type: 'risk.flagged', id: 'flagged-F-1' });
      expect(hold.recordedAt).toBe(D(2));
    });

    it.each([
      ['during the 30 days', D(10), FAR, usd({ held: '200.00', earned: '200.00' })],
      ['past its payable date', D(60), FAR, usd({ held: '200.00', earned: '200.00' })],
      ['known before the flag', D(60), D(1.5), usd({ payable: '200.00', earned: '200.00' })],
    ])('counts in held, not pending or payable: %s', (_, asOf, knownAt, expected) => {
      expect(balance(lines, 'P-1', asOf, knownAt)).toEqual(expected);
    });

    it('is never paid while held', () => {
      expect(availableForPayout(lines, D(90))).toEqual([{ partnerId: 'P-1', currency: 'USD', available: '0' }]);
    });
  });

  describe('release', () => {
    it('moves the net held back, payable from the later of its payable date and the release', () => {
      const { lines } = flagged().decideFlag('F-1', 'C-1', 'P-1', 'release', D(10)).run();
      const release = lines.filter((l) => l.kind === 'hold_release');
      expect(kinds(release)).toEqual([
        ['hold_release', 'partner_commission_held', '200.00', '0.00', D(10), D(31)],
        ['hold_release', 'partner_commission', '0.00', '200.00', D(10), D(31)],
      ]);
      expect(release[0].description).toContain('checked: genuine');
      expect(release[0].actor).toBe('finance key fin-1');
      expect(balance(lines, 'P-1', D(5))).toEqual(usd({ held: '200.00', earned: '200.00' }));
      expect(balance(lines, 'P-1', D(20))).toEqual(usd({ pending: '200.00', earned: '200.00' }));
      expect(balance(lines, 'P-1', D(31))).toEqual(usd({ payable: '200.00', earned: '200.00' }));
    });

    it('a release after the payable date is payable from the release; a payout run pays it only then', () => {
      const history = flagged();
      const before = history.run().lines;
      expect(availableForPayout(before, D(60))[0].available).toBe('0');
      const { lines } = history.decideFlag('F-1', 'C-1', 'P-1', 'release', D(45)).run();
      expect(lines.find((l) => l.kind === 'hold_release')?.payableAt).toBe(D(45));
      expect(new Dec(availableForPayout(lines, D(44))[0].available).toFixed(2)).toBe('0.00');
      expect(new Dec(availableForPayout(lines, D(45))[0].available).toFixed(2)).toBe('200.00');
      // A run at D(60) pays it; later entries are no longer mirrored.
      const paid = history
        .payoutRun('R-1', D(60), [{ payoutId: 'PO-1', partnerId: 'P-1', amount: '200.00' }])
        .refund('C-1', '500.00', D(70))
        .run();
      expect(paid.lines.filter((l) => l.kind === 'hold')).toHaveLength(2);
      expect(balance(paid.lines, 'P-1', D(80))).toEqual(
        usd({ payable: '-100.00', earned: '200.00', clawedBack: '100.00', paid: '200.00', inTransit: '200.00' }),
      );
    });
  });

  describe('reject', () => {
    it('writes the held commission off with a reversing line: earned drops, nothing is owed', () => {
      const { lines } = flagged().decideFlag('F-1', 'C-1', 'P-1', 'reject', D(10)).run();
      expect(kinds(lines.filter((l) => l.kind === 'hold_rejection'))).toEqual([
        ['hold_rejection', 'partner_commission_held', '200.00', '0.00', D(10), D(10)],
        ['hold_rejection', 'program_commission_expense', '0.00', '200.00', D(10), D(10)],
      ]);
      expect(balance(lines, 'P-1', D(5))).toEqual(usd({ held: '200.00', earned: '200.00' }));
      expect(balance(lines, 'P-1', D(40))).toEqual(usd({}));
      expect(availableForPayout(lines, D(90))[0].available).toBe('0');
    });

    it('stays rejected whatever a later refund does (reject then refund)', () => {
      const { lines } = flagged().decideFlag('F-1', 'C-1', 'P-1', 'reject', D(10)).refund('C-1', '500.00', D(20)).run();
      const companion = lines.filter((l) => l.transactionId.startsWith('hold-rejection:F-1:clawback'));
      expect(kinds(companion)).toEqual([
        ['hold_rejection', 'partner_commission', '0.00', '100.00', D(20), D(31)],
        ['hold_rejection', 'program_commission_expense', '100.00', '0.00', D(20), D(31)],
      ]);
      expect(companion[0].cause).toMatchObject({ type: 'invoice.refunded' });
      expect(companion[0].description).toContain('rejected on flag F-1');
      expect(balance(lines, 'P-1', D(40))).toEqual(usd({ earned: '100.00', clawedBack: '100.00' }));
    });

    it('a decision on an unknown or already decided flag is an exception, never a booking', () => {
      const { outputs } = flagged()
        .decideFlag('F-1', 'C-1', 'P-1', 'reject', D(10))
        .decideFlag('F-1', 'C-1', 'P-1', 'release', D(11))
        .decideFlag('F-9', 'C-1', 'P-1', 'release', D(11))
        .run();
      const exceptions = outputs.filter((o) => o.kind === 'exception').map((o) => (o.kind === 'exception' ? o.message : ''));
      expect(exceptions).toEqual([expect.stringContaining('already rejected'), expect.stringContaining('F-9 holds nothing')]);
      expect(outputs.filter((o) => o.kind === 'transaction' && o.transaction.lines[0].kind === 'hold_release')).toEqual([]);
    });
  });

  describe('later entries while held', () => {
    it('a clawback while held is mirrored: it lowers held and counts in clawedBack', () => {
      const { lines } = flagged().refund('C-1', '250.00', D(5)).run();
      const companion = lines.filter((l) => l.transactionId.startsWith('hold:F-1:clawback'));
      expect(kinds(companion)).toEqual([
        ['hold', 'partner_commission', '0.00', '50.00', D(5), D(31)],
        ['hold', 'partner_commission_held', '50.00', '0.00', D(5), D(31)],
      ]);
      expect(balance(lines, 'P-1', D(40))).toEqual(usd({ held: '150.00', earned: '200.00', clawedBack: '50.00' }));
      const released = flagged().refund('C-1', '250.00', D(5)).decideFlag('F-1', 'C-1', 'P-1', 'release', D(6)).run().lines;
      expect(released.find((l) => l.kind === 'hold_release' && l.account === 'partner_commission')?.credit).toBe('150.00');
      expect(balance(released, 'P-1', D(40))).toEqual(usd({ payable: '150.00', earned: '200.00', clawedBack: '50.00' }));
    });

    it('a refund booked before the flag is mirrored at the flag exactly as one after it', () => {
      const after = flagged().refund('C-1', '250.00', D(5)).run().lines;
      const before = new LedgerHistory()
        .enroll('P-1')
        .refund('C-1', '250.00', D(5))
        .decide('C-1', '1000.00', D(1), 'P-1')
        .flag('F-1', 'C-1', 'P-1', D(2), { signals: ['self_referral', 'click_velocity'] })
        .run().lines;
      const content = (lines: LedgerLine[]) =>
        lines
          .filter((l) => l.kind === 'hold')
          .map((l) => [l.account, l.debit, l.credit, l.occurredAt, l.payableAt, l.description, l.cause.type])
          .sort();
      expect(content(before)).toEqual(content(after));
    });

    it('a policy revision while held reverses and re-books inside the hold', () => {
      const { lines, state } = flagged()
        .enroll('P-2')
        .revise(
          'C-1',
          '1000.00',
          D(1),
          { policyVersion: 'default-v1', credits: 'P-1' },
          {
            policyVersion: 'v2',
            credits: [
              { partnerId: 'P-1', weight: '0.5', revenue: '500.00' },
              { partnerId: 'P-2', weight: '0.5', revenue: '500.00' },
            ],
          },
          D(8),
        )
        .run();
      const mirrored = lines.filter((l) => l.kind === 'hold' && l.account === 'partner_commission_held');
      expect(mirrored.map((l) => new Dec(l.credit).minus(l.debit).toFixed(2))).toEqual(['200.00', '-200.00', '100.00']);
      expect(state.get('conversion', 'C-1')?.holds).toEqual([expect.objectContaining({ flagId: 'F-1', status: 'held', amount: '100.00' })]);
      expect(balance(lines, 'P-1', D(40))).toEqual(usd({ held: '100.00', earned: '100.00' }));
      expect(balance(lines, 'P-2', D(40))).toEqual(usd({ payable: '100.00', earned: '100.00' }));
    });
  });

  it('a flag for an unknown conversion or partner, or a second flag, is an exception', () => {
    const { outputs, lines } = flagged()
      .flag('F-2', 'C-1', 'P-1', D(3))
      .flag('F-3', 'C-9', 'P-1', D(3))
      .flag('F-4', 'C-1', 'P-2', D(3))
      .run();
    expect(outputs.filter((o) => o.kind === 'exception')).toHaveLength(3);
    expect(lines.filter((l) => l.kind === 'hold')).toHaveLength(2);
  });

  describe('dispute resolutions', () => {
    it('an upheld dispute with an adjustment books an adjustment naming the dispute', () => {
      const { lines } = flagged().resolveDispute('DSP-1', 'P-1', 'upheld', D(5), { amount: '25.00', currency: 'USD' }).run();
      const adjustment = lines.filter((l) => l.kind === 'adjustment');
      expect(adjustment.map((l) => [l.transactionId, l.account, l.debit, l.credit])).toEqual([
        ['adjustment:dispute:DSP-1', 'program_adjustments', '25.00', '0.00'],
        ['adjustment:dispute:DSP-1', 'partner_commission', '0.00', '25.00'],
      ]);
      expect(adjustment[0].description).toContain('dispute DSP-1');
      expect(adjustment[0].description).toContain('commission missing');
      expect(adjustment[0].actor).toBe('finance key fin-2');
    });

    it('a rejected dispute, or one upheld without an adjustment, books nothing', () => {
      const { lines } = new LedgerHistory()
        .resolveDispute('DSP-1', 'P-1', 'rejected', D(5))
        .resolveDispute('DSP-2', 'P-1', 'upheld', D(5))
        .run();
      expect(lines).toEqual([]);
    });
  });
});
