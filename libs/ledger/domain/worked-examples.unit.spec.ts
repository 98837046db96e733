import { parsePlan } from './commission/parse-plan';
import { balancesFromBuckets, bucketLines, type PartnerBalance } from './balances';
import type { LedgerLine } from './ledger-line';
import { DEFAULT_LEDGER_OPTIONS } from './ledger-options';
import { LedgerHistory, T0, plusDays } from './testing/ledger-history';

const FAR = '2100-01-01T00:00:00.000Z';
const D = (days: number) => plusDays(T0, days);

function balance(lines: LedgerLine[], partnerId: string, asOf: string, knownAt = FAR, currency = 'USD'): PartnerBalance | undefined {
  return balancesFromBuckets(
    bucketLines(
      lines.filter((l) => l.partnerId === partnerId),
      asOf,
      knownAt,
    ),
  ).find((b) => b.currency === currency);
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

describe('ledger worked examples (SPEC §4, plan default-v1)', () => {
  describe('accrual and hold', () => {
    const { lines } = new LedgerHistory().enroll('P-1').decide('C-1', '1000.00', D(1), 'P-1').run();

    it('books 20 % of credited revenue for a registered partner as one balanced transaction', () => {
      expect(lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
        ['program_commission_expense', '200.00', '0.00'],
        ['partner_commission', '0.00', '200.00'],
      ]);
      expect(lines[1]).toMatchObject({
        kind: 'accrual',
        conversionId: 'C-1',
        policyVersion: 'default-v1',
        planVersion: 'default-v1',
        tier: 'registered',
        rate: '0.2',
        occurredAt: D(1),
        payableAt: D(31),
        cause: { type: 'attribution.decided', source: 'partner-ledger', position: 2 },
      });
    });

    it.each([
      ['before the conversion', D(0.5), undefined],
      ['during the 30-day hold', D(30.9), usd({ pending: '200.00', earned: '200.00' })],
      ['exactly 30 days after the conversion', D(31), usd({ payable: '200.00', earned: '200.00' })],
      ['later', D(90), usd({ payable: '200.00', earned: '200.00' })],
    ])('balance %s', (_label, asOf, expected) => {
      expect(balance(lines, 'P-1', asOf)).toEqual(expected);
    });

    it('knownAt hides what the ledger learned later', () => {
      const late = new LedgerHistory()
        .enroll('P-1')
        .decide('C-1', '1000.00', D(1), 'P-1', { recordedAt: D(50) })
        .run().lines;
      expect(balance(late, 'P-1', D(40), D(45))).toBeUndefined();
      expect(balance(late, 'P-1', D(40), D(50))).toEqual(usd({ payable: '200.00', earned: '200.00' }));
    });
  });

  describe('refunds claw back the same fraction', () => {
    it('before the payable date: against pending until the commission would have become payable', () => {
      const { lines } = new LedgerHistory().enroll('P-1').decide('C-1', '1000.00', D(1), 'P-1').refund('C-1', '500.00', D(10)).run();
      const clawback = lines.filter((l) => l.kind === 'clawback');
      expect(clawback.map((l) => [l.account, l.debit, l.credit])).toEqual([
        ['partner_commission', '100.00', '0.00'],
        ['program_commission_expense', '0.00', '100.00'],
      ]);
      expect(clawback[0]).toMatchObject({ occurredAt: D(10), payableAt: D(31), conversionId: 'C-1', tier: 'registered', rate: '0.2' });
      expect(balance(lines, 'P-1', D(9))).toEqual(usd({ pending: '200.00', earned: '200.00' }));
      expect(balance(lines, 'P-1', D(15))).toEqual(usd({ pending: '100.00', earned: '200.00', clawedBack: '100.00' }));
      expect(balance(lines, 'P-1', D(31))).toEqual(usd({ payable: '100.00', earned: '200.00', clawedBack: '100.00' }));
    });

    it('after the payable date: against payable from the refund', () => {
      const { lines } = new LedgerHistory().enroll('P-1').decide('C-1', '1000.00', D(1), 'P-1').refund('C-1', '250.00', D(40)).run();
      expect(lines.find((l) => l.kind === 'clawback')?.payableAt).toBe(D(40));
      expect(balance(lines, 'P-1', D(35))).toEqual(usd({ payable: '200.00', earned: '200.00' }));
      expect(balance(lines, 'P-1', D(40))).toEqual(usd({ payable: '150.00', earned: '200.00', clawedBack: '50.00' }));
    });

    it('a balance may go negative: a refund after the payout nets against later commission', () => {
      const { lines } = new LedgerHistory()
        .enroll('P-1')
        .decide('C-1', '1000.00', D(1), 'P-1')
        .payoutRun('R-1', D(32), [{ payoutId: 'PO-1', partnerId: 'P-1', amount: '200.00' }])
        .paid('PO-1', D(33))
        .refund('C-1', '1000.00', D(40))
        .run();
      expect(balance(lines, 'P-1', D(41))).toEqual(usd({ payable: '-200.00', earned: '200.00', clawedBack: '200.00', paid: '200.00' }));
    });

    it('partial refunds adding up to the whole amount claw back exactly the whole commission', () => {
      const { lines } = new LedgerHistory()
        .enroll('P-1')
        .enroll('P-2')
        .decide('C-1', '100.00', D(1), [
          { partnerId: 'P-1', weight: '0.3333333333', revenue: '33.33' },
          { partnerId: 'P-2', weight: '0.6666666667', revenue: '66.67' },
        ])
        .refund('C-1', '33.33', D(5))
        .refund('C-1', '33.33', D(6))
        .refund('C-1', '33.34', D(7))
        .run();
      for (const partnerId of ['P-1', 'P-2']) {
        const b = balance(lines, partnerId, D(60));
        expect(b?.clawedBack).toBe(b?.earned);
        expect(b?.payable).toBe('0.00');
      }
      // P-1 earned 6.67: cumulative targets 2.22 (33.33 %), 4.45 (66.66 %), 6.67 (100 %).
      expect(
        lines.filter((l) => l.kind === 'clawback' && l.partnerId === 'P-1' && l.account === 'partner_commission').map((l) => l.debit),
      ).toEqual(['2.22', '2.23', '2.22']);
    });

    it('caps refunds beyond the amount at the whole commission and says so', () => {
      const { lines, outputs } = new LedgerHistory()
        .enroll('P-1')
        .decide('C-1', '100.00', D(1), 'P-1')
        .refund('C-1', '80.00', D(2))
        .refund('C-1', '80.00', D(3))
        .run();
      expect(balance(lines, 'P-1', D(60))).toEqual(usd({ earned: '20.00', clawedBack: '20.00' }));
      expect(outputs).toContainEqual(
        expect.objectContaining({ kind: 'exception', message: expect.stringContaining('more than its 100.00') }),
      );
    });

    it('a refund recorded before its decision is applied when the decision arrives, by invoice id too', () => {
      const { lines } = new LedgerHistory()
        .enroll('P-1')
        .refund('INV-1', '50.00', D(3), { byInvoice: true })
        .decide('INV-1', '100.00', D(1), 'P-1', { type: 'invoice.paid' })
        .run();
      expect(balance(lines, 'P-1', D(60))).toEqual(usd({ payable: '10.00', earned: '20.00', clawedBack: '10.00' }));
      expect(lines.find((l) => l.kind === 'clawback')?.cause).toMatchObject({ type: 'invoice.refunded', position: 2 });
    });

    it('a refund in another currency claws nothing back and is reported', () => {
      const { lines, outputs } = new LedgerHistory()
        .enroll('P-1')
        .decide('C-1', '100.00', D(1), 'P-1')
        .refund('C-1', '50.00', D(2), { currency: 'EUR' })
        .run();
      expect(lines.some((l) => l.kind === 'clawback')).toBe(false);
      expect(outputs).toContainEqual(expect.objectContaining({ kind: 'exception', message: expect.stringContaining('refund in EUR') }));
    });
  });

  describe('payouts', () => {
    const history = () =>
      new LedgerHistory()
        .enroll('P-1')
        .decide('C-1', '1000.00', D(1), 'P-1')
        .payoutRun('R-1', D(32), [{ payoutId: 'PO-1', partnerId: 'P-1', amount: '200.00' }]);

    it('a scheduled payout leaves payable and waits in transit until the provider confirms it', () => {
      const { lines } = history().paid('PO-1', D(34)).run();
      expect(balance(lines, 'P-1', D(33))).toEqual(usd({ earned: '200.00', paid: '200.00', inTransit: '200.00' }));
      expect(balance(lines, 'P-1', D(35))).toEqual(usd({ earned: '200.00', paid: '200.00' }));
      expect(lines.filter((l) => l.kind === 'payout_confirmation').map((l) => [l.account, l.debit, l.credit])).toEqual([
        ['partner_payouts_in_transit', '200.00', '0.00'],
        ['program_cash', '0.00', '200.00'],
      ]);
    });

    it('a failed payout is reversed and payable again', () => {
      const { lines } = history().failed('PO-1', D(34)).run();
      expect(balance(lines, 'P-1', D(35))).toEqual(usd({ payable: '200.00', earned: '200.00' }));
      expect(lines.find((l) => l.kind === 'payout_reversal')?.description).toContain('account closed');
    });

    it('a payment returned after its confirmation comes back out of cash', () => {
      const { lines } = history().paid('PO-1', D(34)).failed('PO-1', D(36)).run();
      expect(balance(lines, 'P-1', D(37))).toEqual(usd({ payable: '200.00', earned: '200.00' }));
      expect(lines.filter((l) => l.kind === 'payout_reversal').map((l) => l.account)).toEqual(['program_cash', 'partner_commission']);
    });

    it('a provider answer dated before the run or the confirmation is booked at it, so nothing shows in transit unpaid', () => {
      const { lines } = history().paid('PO-1', D(34)).failed('PO-1', D(33)).run();
      expect(lines.filter((l) => l.kind === 'payout_reversal' && l.account === 'partner_commission').map((l) => l.occurredAt)).toEqual([
        D(34),
      ]);
      expect(balance(lines, 'P-1', D(33))).toEqual(usd({ earned: '200.00', paid: '200.00', inTransit: '200.00' }));
      expect(balance(lines, 'P-1', D(34))).toEqual(usd({ payable: '200.00', earned: '200.00' }));
      const early = history().paid('PO-1', D(30)).run().lines;
      expect(early.find((l) => l.kind === 'payout_confirmation')?.occurredAt).toBe(D(32));
    });

    it('confirmations of unknown or settled payouts change nothing and are reported', () => {
      const { lines, outputs } = history().paid('PO-1', D(34)).paid('PO-1', D(35)).failed('PO-9', D(35)).run();
      expect(lines.filter((l) => l.kind === 'payout_confirmation')).toHaveLength(2);
      expect(outputs.filter((o) => o.kind === 'exception').map((o) => (o as { message: string }).message)).toEqual([
        'payout PO-1 is already paid; payout.paid has no effect',
        'payout PO-9 is unknown; payout.failed has no effect',
      ]);
    });
  });

  it('adjustments are payable at once, signed, with the reason and the acting key', () => {
    const { lines } = new LedgerHistory()
      .adjust('A-1', 'P-1', '50.00', D(2), 'missed click')
      .adjust('A-2', 'P-1', '-20.00', D(3), 'duplicate lead')
      .run();
    expect(balance(lines, 'P-1', D(4))).toEqual(usd({ payable: '30.00', adjustments: '30.00' }));
    expect(lines.filter((l) => l.account === 'partner_commission').map((l) => [l.debit, l.credit, l.description, l.actor])).toEqual([
      ['0.00', '50.00', 'manual adjustment of 50.00 USD: missed click', 'finance key fin-1'],
      ['20.00', '0.00', 'manual adjustment of -20.00 USD: duplicate lead', 'finance key fin-1'],
    ]);
  });

  describe('tiers', () => {
    it('silver after 3 sourced conversions and a certification; the rate changes from the next conversion on', () => {
      const history = new LedgerHistory().enroll('P-1').certify('P-1', 'sales-101', D(1));
      for (let i = 1; i <= 4; i += 1) history.decide(`C-${i}`, '100.00', D(1 + i), 'P-1');
      const { lines, state } = history.run();
      const accruals = lines.filter((l) => l.kind === 'accrual' && l.account === 'partner_commission');
      expect(accruals.map((l) => [l.conversionId, l.tier, l.credit])).toEqual([
        ['C-1', 'registered', '20.00'],
        ['C-2', 'registered', '20.00'],
        ['C-3', 'registered', '20.00'],
        ['C-4', 'silver', '25.00'],
      ]);
      const partner = state.get('partner', 'P-1');
      expect(partner?.history.map((h) => [h.from, h.to, h.at])).toEqual([
        [null, 'registered', T0],
        ['registered', 'silver', D(4)],
      ]);
      expect(partner?.history[1].reason).toBe('reached silver: 3 sourced conversions by 2026-01-05, 1 certification by 2026-01-02');
    });

    it('a certification arriving last promotes from its own date; invoices are not sourced conversions', () => {
      const history = new LedgerHistory().enroll('P-1');
      for (let i = 1; i <= 3; i += 1) history.decide(`C-${i}`, '100.00', D(i), 'P-1');
      history
        .decide('INV-1', '100.00', D(4), 'P-1', { type: 'invoice.paid' })
        .certify('P-1', 'sales-101', D(5))
        .decide('C-4', '100.00', D(6), 'P-1');
      const { state, lines } = history.run();
      expect(state.get('partner', 'P-1')?.history.at(-1)).toMatchObject({ to: 'silver', at: D(5), cause: { type: 'partner.certified' } });
      expect(lines.find((l) => l.conversionId === 'C-4')?.tier).toBe('silver');
      expect(state.get('partner', 'P-1')?.stats.sourcedConversions).toBe(4);
    });

    it('issue 13, error 1: a certification after the conversions in global order does not price them, wherever their decisions are stored', () => {
      // One upstream batch: C-1..C-4 (positions 2-5), then the certification (6); the decisions are stored after all of them.
      const history = new LedgerHistory().enroll('P-1');
      for (let i = 1; i <= 4; i += 1) history.add('deal.closed_won', D(i), { conversionId: `C-${i}` });
      history.certify('P-1', 'sales-101', D(5));
      for (let i = 1; i <= 4; i += 1) history.decide(`C-${i}`, '100.00', D(i), 'P-1', { causePosition: 1 + i });
      history.add('deal.closed_won', D(6), { conversionId: 'C-5' });
      history.decide('C-5', '100.00', D(6), 'P-1', { causePosition: 11 });
      const { lines, state } = history.run();
      expect(
        lines.filter((l) => l.kind === 'accrual' && l.account === 'partner_commission').map((l) => [l.conversionId, l.tier, l.credit]),
      ).toEqual([
        ['C-1', 'registered', '20.00'],
        ['C-2', 'registered', '20.00'],
        ['C-3', 'registered', '20.00'],
        ['C-4', 'registered', '20.00'],
        ['C-5', 'silver', '25.00'],
      ]);
      expect(state.get('partner', 'P-1')?.history.at(-1)).toMatchObject({ to: 'silver', at: D(5) });
      expect(balance(lines, 'P-1', FAR)).toEqual(usd({ payable: '105.00', earned: '105.00' }));
    });

    it('the tier in force at the conversion time sets the rate, even for a conversion recorded late', () => {
      const history = new LedgerHistory().enroll('P-1').certify('P-1', 'c', D(1));
      for (let i = 1; i <= 3; i += 1) history.decide(`C-${i}`, '100.00', D(10 + i), 'P-1');
      history.decide('C-late', '100.00', D(5), 'P-1');
      expect(history.run().lines.find((l) => l.conversionId === 'C-late')?.tier).toBe('registered');
    });

    it('gold needs 10 sourced conversions and 50,000.00 USD; revenue in other currencies does not count', () => {
      const history = new LedgerHistory().enroll('P-1');
      for (let i = 1; i <= 9; i += 1) history.decide(`C-${i}`, '5000.00', D(i), 'P-1');
      history.decide('C-eur', '90000.00', D(10), 'P-1', { currency: 'EUR' });
      history.decide('C-10', '4999.99', D(11), 'P-1');
      history.decide('C-11', '0.01', D(12), 'P-1');
      history.decide('C-12', '100.00', D(13), 'P-1');
      const { lines, state } = history.run();
      expect(state.get('partner', 'P-1')?.history.map((h) => h.to)).toEqual(['registered', 'gold']);
      expect(state.get('partner', 'P-1')?.history[1].at).toBe(D(12));
      expect(lines.find((l) => l.conversionId === 'C-12' && l.account === 'partner_commission')?.credit).toBe('30.00');
    });
  });

  describe('currencies and rounding', () => {
    it('keeps one balance per currency and rounds each line half-even to the minor unit', () => {
      const { lines } = new LedgerHistory()
        .enroll('P-1')
        .decide('C-usd', '0.10', D(1), 'P-1') // 0.02 (0.020 exactly)
        .decide('C-usd2', '0.13', D(1), 'P-1') // 0.026 -> 0.03
        .decide('C-jpy', '1003', D(1), 'P-1', { currency: 'JPY' }) // 200.6 -> 201
        .decide('C-jpy2', '1002', D(1), 'P-1', { currency: 'JPY' }) // 200.4 -> 200
        .decide('C-bhd', '0.125', D(1), 'P-1', { currency: 'BHD' }) // 0.025 (3 decimals)
        .run();
      const b = balancesFromBuckets(bucketLines(lines, D(60), FAR));
      expect(b.map((x) => [x.currency, x.payable])).toEqual([
        ['BHD', '0.025'],
        ['JPY', '401'],
        ['USD', '0.05'],
      ]);
    });

    it('rounds an exact half to the even cent', () => {
      // 25 % of 0.10 = 0.025 -> 0.02; 25 % of 0.30 = 0.075 -> 0.08.
      const plan = parsePlan({ version: 'quarter', rates: [{ rate: '0.25' }] });
      if (!plan.ok) throw new Error('plan');
      const { lines } = new LedgerHistory()
        .enroll('P-1')
        .decide('C-1', '0.10', D(1), 'P-1')
        .decide('C-2', '0.30', D(1), 'P-1')
        .run({ ...DEFAULT_LEDGER_OPTIONS, plan: plan.plan });
      expect(lines.filter((l) => l.account === 'partner_commission').map((l) => l.credit)).toEqual(['0.02', '0.08']);
    });
  });

  it('plans can pay per partner type and flat amounts apportioned by weight', () => {
    const plan = parsePlan({
      version: 'resellers-v2',
      rates: [
        { tier: 'registered', rate: '0.20' },
        { partnerType: 'reseller', rate: '0.10', flat: { USD: '100.00' } },
      ],
    });
    if (!plan.ok) throw new Error('plan');
    const { lines } = new LedgerHistory()
      .enroll('P-aff')
      .enroll('P-res', T0, 'reseller')
      .decide('C-1', '1000.00', D(1), [
        { partnerId: 'P-aff', weight: '0.5', revenue: '500.00' },
        { partnerId: 'P-res', weight: '0.5', revenue: '500.00' },
      ])
      .run({ ...DEFAULT_LEDGER_OPTIONS, plan: plan.plan });
    expect(lines.filter((l) => l.account === 'partner_commission').map((l) => [l.partnerId, l.credit, l.planVersion])).toEqual([
      ['P-aff', '100.00', 'resellers-v2'],
      ['P-res', '100.00', 'resellers-v2'],
    ]);
  });

  it('books a conversion once even when a second decision names it', () => {
    const { lines, outputs } = new LedgerHistory()
      .enroll('P-1')
      .decide('C-1', '100.00', D(1), 'P-1')
      .decide('C-1', '100.00', D(2), 'P-1', { causeId: 'resent' })
      .run();
    expect(lines.filter((l) => l.kind === 'accrual')).toHaveLength(2);
    expect(outputs).toContainEqual(expect.objectContaining({ kind: 'exception', message: expect.stringContaining('already booked') }));
  });
});
