import { balancesFromBuckets, bucketLines, type PartnerBalance } from './balances';
import type { LedgerLine } from './ledger-line';
import { LedgerVerifier } from './verify-ledger';
import { LedgerHistory, T0, plusDays } from './testing/ledger-history';

const FAR = '2100-01-01T00:00:00.000Z';
const D = (days: number) => plusDays(T0, days);
const OLD = { policyVersion: 'default-v1', credits: 'P-2' };
const NEW = { policyVersion: 'first-click-v2', credits: 'P-1' };

function balance(lines: LedgerLine[], partnerId: string, asOf = FAR, knownAt = FAR): PartnerBalance | undefined {
  return balancesFromBuckets(
    bucketLines(
      lines.filter((l) => l.partnerId === partnerId),
      asOf,
      knownAt,
    ),
  ).find((b) => b.currency === 'USD');
}

function usd(fields: Partial<PartnerBalance>): PartnerBalance {
  return {
    currency: 'USD',
    pending: '0.00',
    payable: '0.00',
    held: '0.00',
    paid: '0.00',
    earned: '0.00',
    clawedBack: '0.00',
    adjustments: '0.00',
    inTransit: '0.00',
    ...fields,
  };
}

function transactionsBalance(lines: LedgerLine[]): boolean {
  const sums = new Map<string, number>();
  for (const line of lines)
    sums.set(
      line.transactionId,
      (sums.get(line.transactionId) ?? 0) + Math.round(Number(line.debit) * 100) - Math.round(Number(line.credit) * 100),
    );
  return [...sums.values()].every((sum) => sum === 0);
}

describe('a policy adoption revises a booked conversion with compensating entries (never edits)', () => {
  // C-1 (1,000.00 USD on day 1) was credited to P-2; a quarter was refunded on day 10; on day 60 a
  // policy adopted from day 0 credits P-1 instead.
  const history = () =>
    new LedgerHistory().enroll('P-1').enroll('P-2').decide('C-1', '1000.00', D(1), 'P-2').refund('C-1', '250.00', D(10));
  const { lines, outputs } = history().revise('C-1', '1000.00', D(1), OLD, NEW, D(60)).run();
  const revision = lines.filter((line) => line.cause.type === 'attribution.revised');

  it('reverses the old commission and its clawback, accrues the new one and claws it back again', () => {
    expect(
      revision
        .filter((l) => l.account === 'partner_commission')
        .map((l) => [l.partnerId, l.kind, l.debit, l.credit, l.policyVersion, l.replacedPolicyVersion]),
    ).toEqual([
      ['P-2', 'clawback_reversal', '0.00', '50.00', 'first-click-v2', 'default-v1'],
      ['P-2', 'accrual_reversal', '200.00', '0.00', 'first-click-v2', 'default-v1'],
      ['P-1', 'accrual', '0.00', '200.00', 'first-click-v2', 'default-v1'],
      ['P-1', 'clawback', '50.00', '0.00', 'first-click-v2', 'default-v1'],
    ]);
    expect(transactionsBalance(lines)).toBe(true);
    expect(outputs.filter((o) => o.kind === 'exception')).toEqual([]);
  });

  it('keeps the old entries and dates the new ones like the originals: business time of the sale, payable after the hold', () => {
    const reversal = revision.find((l) => l.kind === 'accrual_reversal' && l.account === 'partner_commission');
    expect(reversal).toMatchObject({ occurredAt: D(1), payableAt: D(31), recordedAt: D(60), tier: 'registered', rate: '0.2' });
    const reclaimed = revision.find((l) => l.kind === 'clawback' && l.account === 'partner_commission');
    expect(reclaimed).toMatchObject({ occurredAt: D(10), payableAt: D(31), recordedAt: D(60) });
    expect(lines.filter((l) => l.cause.type === 'attribution.decided')).toHaveLength(2);
    expect(reversal?.description).toContain('under policy default-v1');
  });

  it('moves the balances: what the ledger knows now, and what it knew before the adoption', () => {
    expect(balance(lines, 'P-2')).toEqual(usd({}));
    expect(balance(lines, 'P-1')).toEqual(usd({ payable: '150.00', earned: '200.00', clawedBack: '50.00' }));
    expect(balance(lines, 'P-2', FAR, D(59))).toEqual(usd({ payable: '150.00', earned: '200.00', clawedBack: '50.00' }));
    expect(balance(lines, 'P-1', D(20))).toEqual(usd({ pending: '150.00', earned: '200.00', clawedBack: '50.00' }));
  });

  it('keeps every chain intact (verify passes)', () => {
    const { state } = history().revise('C-1', '1000.00', D(1), OLD, NEW, D(60)).run();
    const verifier = new LedgerVerifier();
    for (const line of [...lines].sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : a.seq - b.seq)))
      verifier.add(line);
    const report = verifier.finish(
      [...state.values('partner')].filter((p) => p.head.seq > 0).map((p) => ({ partnerId: p.partnerId, ...p.head })),
    );
    expect(report).toMatchObject({ ok: true, problems: [] });
  });

  it('a paid-out partner who loses the credit owes it back: the balance goes negative', () => {
    const paid = history()
      .payoutRun('run-1', D(40), [{ payoutId: 'po-1', partnerId: 'P-2', amount: '150.00' }])
      .paid('po-1', D(41))
      .revise('C-1', '1000.00', D(1), OLD, NEW, D(60))
      .run().lines;
    expect(balance(paid, 'P-2')).toEqual(usd({ payable: '-150.00', paid: '150.00' }));
  });

  it('splits, refunds and a second adoption add up to the cent', () => {
    const split = [
      { partnerId: 'P-1', weight: '0.3333333333', revenue: '333.33' },
      { partnerId: 'P-2', weight: '0.6666666667', revenue: '666.67' },
    ];
    const twice = history()
      .refund('C-1', '0.01', D(11))
      .revise('C-1', '1000.00', D(1), OLD, { policyVersion: 'linear-v2', credits: split }, D(60))
      .revise('C-1', '1000.00', D(1), { policyVersion: 'linear-v2', credits: split }, NEW, D(70), { adoptionId: 'policy-adoption-2' })
      .run();
    expect(twice.outputs.filter((o) => o.kind === 'exception')).toEqual([]);
    expect(transactionsBalance(twice.lines)).toBe(true);
    // 250.01 of 1,000.00 refunded: 25.001 % of 200.00 is 50.00 once rounded.
    expect(balance(twice.lines, 'P-1')).toEqual(usd({ payable: '150.00', earned: '200.00', clawedBack: '50.00' }));
    expect(balance(twice.lines, 'P-2')).toEqual(usd({}));
  });

  it('a revision of a conversion the ledger never booked is an exception, not a line', () => {
    const { lines: none, outputs: out } = new LedgerHistory().enroll('P-1').revise('C-9', '10.00', D(1), OLD, NEW, D(2)).run();
    expect(none).toEqual([]);
    expect(out).toContainEqual(
      expect.objectContaining({ kind: 'exception', message: expect.stringContaining('C-9 has no booked commission') }),
    );
  });
});

describe('a policy change re-derives tiers and the rates they set from its effective date (SPEC §4)', () => {
  const half = (partnerId: string) => ({ partnerId, weight: '0.5', revenue: '50.00', share: '1/2' });
  const accruals = (lines: LedgerLine[], partnerId: string) =>
    lines
      .filter(
        (l) => l.partnerId === partnerId && l.account === 'partner_commission' && (l.kind === 'accrual' || l.kind === 'accrual_reversal'),
      )
      .map((l) => [l.conversionId, l.kind, l.tier, l.credit, l.debit]);

  // P-1 is certified and has 2 sourced conversions; C-3 went to P-2; C-4 (P-1) was booked at registered.
  const program = () =>
    new LedgerHistory()
      .enroll('P-1')
      .enroll('P-2')
      .certify('P-1', 'sales-101', D(0))
      .decide('C-1', '100.00', D(1), 'P-1')
      .decide('C-2', '100.00', D(2), 'P-1')
      .decide('C-3', '100.00', D(3), 'P-2')
      .decide('C-4', '100.00', D(4), 'P-1');

  it('issue 13, error 4: a revised share that promotes its partner is booked at the tier before it; later conversions are re-rated', () => {
    const { lines, state } = program()
      .revise(
        'C-3',
        '100.00',
        D(3),
        { policyVersion: 'default-v1', credits: 'P-2' },
        { policyVersion: 'linear-v2', credits: [half('P-1'), half('P-2')] },
        D(60),
      )
      .run();
    expect(accruals(lines, 'P-1')).toEqual([
      ['C-1', 'accrual', 'registered', '20.00', '0.00'],
      ['C-2', 'accrual', 'registered', '20.00', '0.00'],
      ['C-4', 'accrual', 'registered', '20.00', '0.00'],
      // C-3's share is the third sourced conversion: it earns registered's 20 %, and promotes P-1 from D(3) on.
      ['C-3', 'accrual', 'registered', '10.00', '0.00'],
      ['C-4', 'accrual_reversal', 'registered', '0.00', '20.00'],
      ['C-4', 'accrual', 'silver', '25.00', '0.00'],
    ]);
    expect(state.get('partner', 'P-1')?.history.map((h) => [h.to, h.at])).toEqual([
      ['registered', T0],
      ['silver', D(3)],
    ]);
    expect(balance(lines, 'P-1')).toEqual(usd({ payable: '75.00', earned: '75.00' }));
  });

  it('a change that takes the promoting credit away withdraws the promotion and re-rates what it priced', () => {
    // Here C-3 credits P-1, making it silver from D(3): C-4 and C-5 earned 25 %.
    const history = new LedgerHistory()
      .enroll('P-1')
      .enroll('P-2')
      .certify('P-1', 'sales-101', D(0))
      .decide('C-1', '100.00', D(1), 'P-1')
      .decide('C-2', '100.00', D(2), 'P-1')
      .decide('C-3', '100.00', D(3), 'P-1')
      .decide('C-4', '100.00', D(4), 'P-1');
    const before = history.run();
    expect(accruals(before.lines, 'P-1').map((row) => row[2])).toEqual(['registered', 'registered', 'registered', 'silver']);
    const { lines, state, outputs } = history
      .revise(
        'C-3',
        '100.00',
        D(3),
        { policyVersion: 'default-v1', credits: 'P-1' },
        { policyVersion: 'first-click-v2', credits: 'P-2' },
        D(60),
        { effectiveFrom: D(3) },
      )
      .run();
    expect(accruals(lines, 'P-1').slice(4)).toEqual([
      ['C-3', 'accrual_reversal', 'registered', '0.00', '20.00'],
      ['C-4', 'accrual_reversal', 'silver', '0.00', '25.00'],
      ['C-4', 'accrual', 'registered', '20.00', '0.00'],
    ]);
    const partner = state.get('partner', 'P-1');
    expect(partner?.tier).toBe('silver');
    // C-4 is now P-1's third sourced conversion: silver from D(4), no longer D(3).
    expect(partner?.history.map((h) => [h.to, h.at])).toEqual([
      ['registered', T0],
      ['silver', D(4)],
    ]);
    expect(partner?.withdrawn?.map((h) => [h.to, h.at])).toEqual([['silver', D(3)]]);
    const changes = outputs.filter((o) => o.kind === 'tier_changed' && o.change.cause.type === 'attribution.policy_applied');
    expect(changes.map((o) => (o.kind === 'tier_changed' ? [o.partnerId, o.change.from, o.change.to, o.change.at] : []))).toEqual([
      ['P-1', 'silver', 'registered', D(3)],
      ['P-1', 'registered', 'silver', D(4)],
    ]);
    expect(balance(lines, 'P-1')).toEqual(usd({ payable: '60.00', earned: '60.00' }));
  });

  it('conversions before the effective date keep their credits, tiers and rates', () => {
    const { lines } = program()
      .revise(
        'C-4',
        '100.00',
        D(4),
        { policyVersion: 'default-v1', credits: 'P-1' },
        { policyVersion: 'first-click-v2', credits: 'P-2' },
        D(60),
        { effectiveFrom: D(4) },
      )
      .run();
    expect(lines.filter((l) => l.cause.type !== 'attribution.decided' && l.conversionId !== 'C-4')).toEqual([]);
  });
});
