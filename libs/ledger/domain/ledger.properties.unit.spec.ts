import fc from 'fast-check';
import { Dec } from '@ledger/kernel';
import { balancesFromBuckets, bucketLines } from './balances';
import type { LedgerLine } from './ledger-line';
import { DEFAULT_LEDGER_OPTIONS } from './ledger-options';
import { LedgerState } from './ledger-state';
import { replayLedger } from './replay-ledger';
import { instantArbitrary, ledgerHistoryArbitrary } from './testing/ledger-arbitraries';
import { LedgerVerifier } from './verify-ledger';
import { countsTowardPayout } from './payout-selection';
import { HOLD_KINDS } from './hold-mirror';
import type { RecordedEvent } from '@ledger/contracts';

const FAR = '2100-01-01T00:00:00.000Z';
const RISK_TYPES = ['risk.flagged', 'risk.flag_decided'];

/** The same history without risk flags, or with only the releases of its decisions. */
const withoutRisk = (events: RecordedEvent[]) => events.filter((e) => !RISK_TYPES.includes(e.event.type));
const withoutRejections = (events: RecordedEvent[]) =>
  events.filter((e) => !(e.event.type === 'risk.flag_decided' && (e.event.data as { decision: string }).decision === 'reject'));

function balancesByPartner(lines: LedgerLine[], asOf: string, knownAt: string) {
  const partners = [...new Set(lines.map((l) => l.partnerId))].sort();
  return Object.fromEntries(
    partners.map((partnerId) => [
      partnerId,
      balancesFromBuckets(
        bucketLines(
          lines.filter((l) => l.partnerId === partnerId),
          asOf,
          knownAt,
        ),
      ),
    ]),
  );
}

const linesOf = (outputs: ReturnType<typeof replayLedger>['outputs']): LedgerLine[] =>
  outputs.flatMap((o) => (o.kind === 'transaction' ? o.transaction.lines : []));

function verify(lines: LedgerLine[], state: LedgerState) {
  const verifier = new LedgerVerifier();
  const ordered = [...lines].sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : a.seq - b.seq));
  for (const line of ordered) verifier.add(line);
  return verifier.finish([...state.values('partner')].filter((p) => p.head.seq > 0).map((p) => ({ partnerId: p.partnerId, ...p.head })));
}

describe('ledger properties', () => {
  it('every transaction balances per currency and every chain verifies', () => {
    fc.assert(
      fc.property(ledgerHistoryArbitrary, (history) => {
        const { outputs, state } = replayLedger(history.events, DEFAULT_LEDGER_OPTIONS);
        for (const output of outputs) {
          if (output.kind !== 'transaction') continue;
          const { lines } = output.transaction;
          expect(new Set(lines.map((l) => l.currency)).size).toBe(1);
          const debit = lines.reduce((sum, l) => sum.plus(l.debit), new Dec(0));
          const credit = lines.reduce((sum, l) => sum.plus(l.credit), new Dec(0));
          expect(debit.equals(credit)).toBe(true);
        }
        const report = verify(linesOf(outputs), state);
        expect(report.problems).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('balance identity: earned − clawedBack + adjustments − paid = pending + payable + held, at any asOf and knownAt', () => {
    fc.assert(
      fc.property(ledgerHistoryArbitrary, instantArbitrary, instantArbitrary, (history, asOf, knownAt) => {
        const lines = linesOf(replayLedger(history.events, DEFAULT_LEDGER_OPTIONS).outputs);
        for (const partnerId of new Set(lines.map((l) => l.partnerId))) {
          for (const b of balancesFromBuckets(
            bucketLines(
              lines.filter((l) => l.partnerId === partnerId),
              asOf,
              knownAt,
            ),
          )) {
            const left = new Dec(b.earned).minus(b.clawedBack).plus(b.adjustments).minus(b.paid);
            expect(left.equals(new Dec(b.pending).plus(b.payable).plus(b.held))).toBe(true);
            expect(new Dec(b.inTransit).lessThanOrEqualTo(b.paid)).toBe(true);
            expect(new Dec(b.clawedBack).lessThanOrEqualTo(b.earned)).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('held commission is never paid: a held or rejected commission adds nothing to what a payout run may pay, at any asOf', () => {
    fc.assert(
      fc.property(ledgerHistoryArbitrary, instantArbitrary, (history, asOf) => {
        const { outputs, state } = replayLedger(history.events, DEFAULT_LEDGER_OPTIONS);
        const lines = linesOf(outputs);
        const at = Date.parse(asOf);
        for (const conversion of state.values('conversion')) {
          for (const hold of conversion.holds ?? []) {
            if (hold.status === 'released') continue;
            const payable = lines
              .filter((l) => l.conversionId === conversion.conversionId && l.partnerId === hold.partnerId && countsTowardPayout(l, at))
              .reduce((sum, l) => sum.plus(l.credit).minus(l.debit), new Dec(0));
            expect(payable.isZero()).toBe(true);
          }
        }
        expect(lines.some((l) => l.account === 'partner_commission_held' && countsTowardPayout(l, at))).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('holds never change credited revenue or earned commission; only a rejection lowers earned, by what it wrote off', () => {
    fc.assert(
      fc.property(ledgerHistoryArbitrary, instantArbitrary, instantArbitrary, (history, asOf, knownAt) => {
        const plain = replayLedger(withoutRisk(history.events), DEFAULT_LEDGER_OPTIONS);
        const released = replayLedger(withoutRejections(history.events), DEFAULT_LEDGER_OPTIONS);
        const strip = (state: LedgerState) =>
          [...state.values('conversion')]
            .map(({ holds: _holds, ...conversion }) => conversion)
            .sort((a, b) => (a.conversionId < b.conversionId ? -1 : 1));
        // Same credits, same commissions, same clawbacks.
        expect(strip(released.state)).toEqual(strip(plain.state));
        // Holds and releases only move commission between the partner's own accounts.
        const total = (lines: LedgerLine[]) =>
          Object.entries(balancesByPartner(lines, asOf, knownAt)).map(([partnerId, balances]) =>
            balances.map((b) => ({
              partnerId,
              currency: b.currency,
              earned: b.earned,
              clawedBack: b.clawedBack,
              adjustments: b.adjustments,
              paid: b.paid,
              owed: new Dec(b.pending).plus(b.payable).plus(b.held).toFixed(),
            })),
          );
        expect(total(linesOf(released.outputs).filter((l) => !HOLD_KINDS.includes(l.kind)))).toEqual(total(linesOf(plain.outputs)));
        expect(total(linesOf(released.outputs))).toEqual(total(linesOf(plain.outputs)));

        // With rejections: earned drops by exactly the commission net of clawbacks of each rejected hold.
        const full = replayLedger(history.events, DEFAULT_LEDGER_OPTIONS);
        const written = new Map<string, Dec>();
        for (const conversion of full.state.values('conversion')) {
          for (const hold of conversion.holds ?? []) {
            if (hold.status !== 'rejected') continue;
            const accrual = conversion.accruals.find((a) => a.partnerId === hold.partnerId);
            const net = accrual ? new Dec(accrual.commission).minus(accrual.clawedBack) : new Dec(0);
            const key = `${hold.partnerId}|${conversion.currency}`;
            written.set(key, (written.get(key) ?? new Dec(0)).plus(net));
          }
        }
        const earnedOf = (lines: LedgerLine[]) =>
          new Map(
            Object.entries(balancesByPartner(lines, FAR, FAR)).flatMap(([partnerId, balances]) =>
              balances.map((b) => [`${partnerId}|${b.currency}`, new Dec(b.earned)] as const),
            ),
          );
        const before = earnedOf(linesOf(plain.outputs));
        const after = earnedOf(linesOf(full.outputs));
        for (const [key, earned] of before) {
          expect((after.get(key) ?? new Dec(0)).plus(written.get(key) ?? new Dec(0)).equals(earned)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a fold resumed from persisted state reproduces identical lines and hashes (rebuild = live)', () => {
    fc.assert(
      fc.property(ledgerHistoryArbitrary, fc.nat(), (history, cutSeed) => {
        const whole = linesOf(replayLedger(history.events, DEFAULT_LEDGER_OPTIONS).outputs);
        const cut = cutSeed % (history.events.length + 1);
        const first = replayLedger(history.events.slice(0, cut), DEFAULT_LEDGER_OPTIONS);
        const persisted = JSON.parse(JSON.stringify([...first.state.entities()])) as { kind: string; key: string; value: unknown }[];
        const resumed = replayLedger(history.events.slice(cut), DEFAULT_LEDGER_OPTIONS, new LedgerState().load(persisted));
        expect([...linesOf(first.outputs), ...linesOf(resumed.outputs)]).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  });

  it('altering any one stored line makes verification fail and name it', () => {
    const tamperings: Array<[string, (line: LedgerLine) => LedgerLine]> = [
      [
        'amount',
        (l) =>
          new Dec(l.credit).isZero()
            ? { ...l, debit: new Dec(l.debit).plus('0.01').toString() }
            : { ...l, credit: new Dec(l.credit).plus('0.01').toString() },
      ],
      ['business time', (l) => ({ ...l, occurredAt: new Date(Date.parse(l.occurredAt) + 1000).toISOString() })],
      ['description', (l) => ({ ...l, description: `${l.description} (edited)` })],
      ['payable date', (l) => ({ ...l, payableAt: new Date(Date.parse(l.payableAt) - 86_400_000).toISOString() })],
    ];
    fc.assert(
      fc.property(ledgerHistoryArbitrary, fc.nat(), fc.constantFrom(...tamperings), (history, pick, [, tamper]) => {
        const { outputs, state } = replayLedger(history.events, DEFAULT_LEDGER_OPTIONS);
        const lines = linesOf(outputs);
        fc.pre(lines.length > 0);
        const index = pick % lines.length;
        const altered = lines.map((line, i) => (i === index ? tamper(line) : line));
        const report = verify(altered, state);
        expect(report.ok).toBe(false);
        expect(report.problems.map((p) => p.lineId)).toContain(lines[index].lineId);
      }),
      { numRuns: 150 },
    );
  });
});
