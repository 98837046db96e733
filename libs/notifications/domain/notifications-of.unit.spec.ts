import { LedgerState, applyLedgerEvent, DEFAULT_LEDGER_OPTIONS, type LedgerOutput } from '@ledger/ledger/domain';
import { LedgerHistory, T0, plusDays } from '@ledger/ledger/domain/testing/ledger-history';
import type { RecordedEvent } from '@ledger/contracts';
import { notificationsOf, type LedgerEventOutputs } from './notifications-of';

/** What the ledger projection hands over: each event with the outputs the fold produced for it. */
function produced(events: readonly RecordedEvent[]): LedgerEventOutputs[] {
  const state = new LedgerState();
  return events.map((recorded) => ({ recorded, outputs: applyLedgerEvent(state, recorded, DEFAULT_LEDGER_OPTIONS) }));
}

const day = (n: number) => plusDays(T0, n);

function program(): LedgerHistory {
  const history = new LedgerHistory().enroll('P-1').enroll('P-2');
  history.add('deal.registered', day(1), { dealId: 'D-1', partnerId: 'P-1', accountDomain: 'acme.example' });
  history.add('deal.approved', day(2), { dealId: 'D-1', protectionDays: 90 });
  history.add('deal.closed_lost', day(3), { dealId: 'D-1', reason: 'budget' });
  history
    .decide('C-1', '1000.00', day(4), 'P-1')
    .refund('C-1', '100.00', day(5))
    .decide('C-2', '500.00', day(6), 'P-2')
    .flag('F-1', 'C-2', 'P-2', day(7))
    .refund('C-2', '50.00', day(8))
    .decideFlag('F-1', 'C-2', 'P-2', 'release', day(9))
    .payoutRun('RUN-1', day(60), [
      { payoutId: 'PO-1', partnerId: 'P-1', amount: '10.00' },
      { payoutId: 'PO-2', partnerId: 'P-2', amount: '10.00' },
    ])
    .paid('PO-1', day(61))
    .failed('PO-2', day(61))
    .revise('C-1', '1000.00', day(4), { policyVersion: 'default-v1', credits: 'P-1' }, { policyVersion: 'v2', credits: 'P-2' }, day(62))
    .resolveDispute('DS-1', 'P-1', 'upheld', day(63), { amount: '5.00', currency: 'USD' });
  return history;
}

describe('notificationsOf', () => {
  it('tells every kind the ledger books, once per fact, in booking order', () => {
    const drafts = notificationsOf(produced(program().events));
    expect(drafts.map((d) => `${d.kind} ${d.partnerId ?? `deal ${d.dealId}`}`)).toEqual([
      'deal.status_changed P-1',
      'deal.status_changed deal D-1',
      'deal.status_changed deal D-1',
      'commission.booked P-1',
      'commission.clawed_back P-1',
      'commission.booked P-2',
      'commission.held P-2',
      // The clawback of a held commission is told; the hold entry that follows it is not another `held`.
      'commission.clawed_back P-2',
      'commission.released P-2',
      'payout.scheduled P-1',
      'payout.scheduled P-2',
      'payout.paid P-1',
      'payout.failed P-2',
      'attribution.revised P-1',
      'attribution.revised P-2',
      // The adoption's booking: the new credit's commission and the refund's clawback on it
      // (P-1's entries are undone by reversals, told as attribution.revised).
      'commission.booked P-2',
      'commission.clawed_back P-2',
      'dispute.resolved P-1',
    ]);
    expect(drafts.filter((d) => d.kind === 'deal.status_changed').map((d) => d.data.status)).toEqual(['pending', 'approved', 'lost']);
  });

  it('describes the fact: amounts, the transaction, the cause', () => {
    const drafts = notificationsOf(produced(program().events));
    const booked = drafts.find((d) => d.kind === 'commission.booked');
    expect(booked).toMatchObject({
      partnerId: 'P-1',
      occurredAt: day(4),
      data: { transactionKind: 'accrual', currency: 'USD', conversionId: 'C-1', cause: { type: 'attribution.decided' } },
    });
    expect(booked?.data.amount).toMatch(/^\d+\.\d{2}$/);
    const held = drafts.find((d) => d.kind === 'commission.held');
    expect(held?.data).toMatchObject({ flagId: 'F-1', conversionId: 'C-2', amount: '100.00', signals: [{ signal: 'self_referral' }] });
    expect(drafts.find((d) => d.kind === 'payout.paid')?.data).toMatchObject({ payoutId: 'PO-1', amount: '10.00' });
    const revised = drafts.filter((d) => d.kind === 'attribution.revised');
    expect(revised.map((d) => [d.partnerId, d.data.credit, d.data.replacedCredit])).toEqual([
      ['P-1', null, { weight: '1', revenue: '1000.00' }],
      ['P-2', { weight: '1', revenue: '1000.00' }, null],
    ]);
    expect(drafts.find((d) => d.kind === 'dispute.resolved')?.data).toMatchObject({ disputeId: 'DS-1', outcome: 'upheld' });
  });

  it('derives ids from the facts: a replay gives the same ids, every id is unique and header-safe', () => {
    const events = program().events;
    const first = notificationsOf(produced(events)).map((d) => d.notificationId);
    // In other batches (one event at a time) and again: a rebuild writes the same ids.
    const state = new LedgerState();
    const again = events.flatMap((recorded) =>
      notificationsOf([{ recorded, outputs: applyLedgerEvent(state, recorded, DEFAULT_LEDGER_OPTIONS) }]).map((d) => d.notificationId),
    );
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    for (const id of first) expect(id).toMatch(/^ntf_[0-9a-f]{32}$/);
  });

  it('tells a promotion as tier.changed, but not the first tier a partner gets', () => {
    const recorded = new LedgerHistory().enroll('P-9').events[0];
    const cause = { type: 'attribution.decided', source: 'partner-ledger', id: 'd-1', position: 4 };
    const outputs: LedgerOutput[] = [
      { kind: 'tier_changed', partnerId: 'P-9', change: { from: null, to: 'registered', at: T0, reason: 'enrolled', cause } },
      { kind: 'tier_changed', partnerId: 'P-9', change: { from: 'registered', to: 'silver', at: day(3), reason: '3 deals', cause } },
    ];
    expect(notificationsOf([{ recorded, outputs }])).toEqual([
      expect.objectContaining({
        kind: 'tier.changed',
        partnerId: 'P-9',
        occurredAt: day(3),
        data: expect.objectContaining({ from: 'registered', to: 'silver', reason: '3 deals' }),
      }),
    ]);
  });

  it('tells a won deal with its deal id only, and nothing for a conversion without one', () => {
    const history = new LedgerHistory();
    history.add('deal.closed_won', day(1), {
      conversionId: 'C-7',
      customerId: 'c',
      accountDomain: 'a.example',
      amount: { amount: '1.00', currency: 'USD' },
      dealId: 'D-7',
    });
    history.add('deal.closed_won', day(1), {
      conversionId: 'C-8',
      customerId: 'c',
      accountDomain: 'a.example',
      amount: { amount: '1.00', currency: 'USD' },
    });
    const drafts = notificationsOf(history.events.map((recorded) => ({ recorded, outputs: [] })));
    expect(drafts).toEqual([
      expect.objectContaining({
        kind: 'deal.status_changed',
        partnerId: null,
        dealId: 'D-7',
        data: expect.objectContaining({ status: 'won', conversionId: 'C-7' }),
      }),
    ]);
  });
});
