import fc from 'fast-check';
import { Dec } from '@ledger/kernel';
import { balancesFromBuckets, bucketLines } from './balances';
import type { LedgerLine } from './ledger-line';
import { DEFAULT_LEDGER_OPTIONS } from './ledger-options';
import { LedgerState } from './ledger-state';
import { replayLedger } from './replay-ledger';
import { instantArbitrary, ledgerHistoryArbitrary } from './testing/ledger-arbitraries';
import { LedgerVerifier } from './verify-ledger';

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

  it('balance identity: earned − clawedBack + adjustments − paid = pending + payable, at any asOf and knownAt', () => {
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
            expect(left.equals(new Dec(b.pending).plus(b.payable))).toBe(true);
            expect(new Dec(b.inTransit).lessThanOrEqualTo(b.paid)).toBe(true);
            expect(new Dec(b.clawedBack).lessThanOrEqualTo(b.earned)).toBe(true);
          }
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
