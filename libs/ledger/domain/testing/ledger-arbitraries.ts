import fc from 'fast-check';
import type { ConversionType } from '@ledger/contracts';
import { LedgerHistory, type CreditSpec } from './ledger-history';

/*
 * Random ledger histories over small id pools, so refunds, payouts and confirmations hit existing
 * conversions and payouts often (and unknown ones sometimes). Business times are drawn independently
 * of the global order; recorded times only grow, as in the store.
 */
const partners = ['P-1', 'P-2', 'P-3', 'P-4'];
const conversions = ['C-1', 'C-2', 'C-3', 'C-4', 'C-5', 'C-6'];
const payouts = ['PO-1', 'PO-2', 'PO-3', 'PO-4'];
const currencies: [string, number][] = [
  ['USD', 2],
  ['JPY', 0],
  ['KWD', 3],
];
const BASE = Date.parse('2026-01-01T00:00:00Z');
const HOUR = 3_600_000;

const time = fc.integer({ min: 0, max: 120 * 24 }).map((hours) => new Date(BASE + hours * HOUR).toISOString());
const currency = fc.constantFrom(...currencies);

function decimal(minor: number, digits: number): string {
  const negative = minor < 0;
  const text = Math.abs(minor)
    .toString()
    .padStart(digits + 1, '0');
  const body = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return negative ? `-${body}` : body;
}

/** Splits an amount among partners the way attribution does: shares sum exactly to the amount. */
function split(minor: number, digits: number, chosen: string[]): CreditSpec[] {
  const each = Math.floor(minor / chosen.length);
  return chosen.map((partnerId, index) => ({
    partnerId,
    weight: index === 0 ? (1 - (chosen.length - 1) * Number((1 / chosen.length).toFixed(10))).toFixed(10) : (1 / chosen.length).toFixed(10),
    revenue: decimal(index === 0 ? minor - each * (chosen.length - 1) : each, digits),
  }));
}

type Op = (history: LedgerHistory, time: string, recordedAt: string) => void;

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc
      .record({ p: fc.constantFrom(...partners), type: fc.constantFrom('affiliate', 'reseller') as fc.Arbitrary<'affiliate' | 'reseller'> })
      .map(
        ({ p, type }): Op =>
          (h, t) =>
            void h.enroll(p, t, type),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.record({ p: fc.constantFrom(...partners), c: fc.constantFrom('a', 'b') }).map(
      ({ p, c }): Op =>
        (h, t) =>
          void h.certify(p, c, t),
    ),
  },
  {
    weight: 6,
    arbitrary: fc
      .record({
        id: fc.constantFrom(...conversions),
        cur: currency,
        minor: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 10_000_000 })),
        chosen: fc.subarray(partners, { minLength: 1, maxLength: 3 }),
        type: fc.constantFrom('deal.closed_won', 'invoice.paid') as fc.Arbitrary<ConversionType>,
      })
      .map(
        ({ id, cur: [code, digits], minor, chosen, type }): Op =>
          (h, t, r) =>
            void h.decide(id, decimal(minor, digits), t, split(minor, digits, chosen), { currency: code, type, recordedAt: r }),
      ),
  },
  {
    weight: 3,
    arbitrary: fc.record({ id: fc.constantFrom(...conversions), cur: currency, minor: fc.integer({ min: 1, max: 6_000_000 }) }).map(
      ({ id, cur: [code, digits], minor }): Op =>
        (h, t, r) =>
          void h.refund(id, decimal(minor, digits), t, { currency: code, recordedAt: r }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .array(
        fc.record({
          payoutId: fc.constantFrom(...payouts),
          p: fc.constantFrom(...partners),
          cur: currency,
          minor: fc.integer({ min: 1, max: 1_000_000 }),
        }),
        { minLength: 1, maxLength: 2 },
      )
      .map(
        (items): Op =>
          (h, t) =>
            void h.payoutRun(
              `R-${h.events.length}`,
              t,
              items.map(({ payoutId, p, cur: [code, digits], minor }) => ({
                payoutId,
                partnerId: p,
                amount: decimal(minor, digits),
                currency: code,
              })),
            ),
      ),
  },
  {
    weight: 2,
    arbitrary: fc.record({ payoutId: fc.constantFrom(...payouts), ok: fc.boolean() }).map(
      ({ payoutId, ok }): Op =>
        (h, t) =>
          void (ok ? h.paid(payoutId, t) : h.failed(payoutId, t)),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ p: fc.constantFrom(...partners), cur: currency, minor: fc.integer({ min: -100_000, max: 100_000 }).filter((n) => n !== 0) })
      .map(
        ({ p, cur: [code, digits], minor }): Op =>
          (h, t) =>
            void h.adjust(`A-${h.events.length}`, p, decimal(minor, digits), t, 'property', code),
      ),
  },
);

/** The data of the events of `type` recorded so far. */
const recordedData = <T>(h: LedgerHistory, type: string): T[] =>
  h.events.filter((e) => e.event.type === type).map((e) => e.event.data as T);

/**
 * Risk flags and finance's decisions on them (SPEC §9): mostly on commissions and flags already
 * recorded (picked by `pick`), sometimes on a random pair (an unknown flag, a repeat). Flag ids are
 * derived from the pair, as the risk reactor derives them.
 */
const riskOp: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({ id: fc.constantFrom(...conversions), p: fc.constantFrom(...partners), pick: fc.nat(), known: fc.nat({ max: 5 }) })
      .map(({ id, p, pick, known }): Op => (h, t) => {
        const decided = recordedData<{ conversionId: string; credits: Array<{ partnerId: string }> }>(h, 'attribution.decided');
        const chosen = known > 0 && decided.length > 0 ? decided[pick % decided.length] : undefined;
        const conversionId = chosen?.conversionId ?? id;
        const partnerId = chosen ? chosen.credits[pick % chosen.credits.length].partnerId : p;
        h.flag(`F-${conversionId}-${partnerId}`, conversionId, partnerId, t, { signals: ['click_velocity'] });
      }),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        id: fc.constantFrom(...conversions),
        p: fc.constantFrom(...partners),
        pick: fc.nat(),
        known: fc.nat({ max: 5 }),
        release: fc.boolean(),
      })
      .map(({ id, p, pick, known, release }): Op => (h, t) => {
        const flags = recordedData<{ conversionId: string; partnerId: string }>(h, 'risk.flagged');
        const flag = known > 0 && flags.length > 0 ? flags[pick % flags.length] : { conversionId: id, partnerId: p };
        h.decideFlag(`F-${flag.conversionId}-${flag.partnerId}`, flag.conversionId, flag.partnerId, release ? 'release' : 'reject', t);
      }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ p: fc.constantFrom(...partners), upheld: fc.boolean(), minor: fc.integer({ min: -10_000, max: 10_000 }) }).map(
      ({ p, upheld, minor }): Op =>
        (h, t) =>
          void h.resolveDispute(
            `D-${h.events.length}`,
            p,
            upheld ? 'upheld' : 'rejected',
            t,
            minor === 0 ? undefined : { amount: decimal(minor, 2), currency: 'USD' },
          ),
    ),
  },
);

export const ledgerHistoryArbitrary: fc.Arbitrary<LedgerHistory> = fc
  .array(
    fc.record({
      op: fc.oneof({ weight: 3, arbitrary: op }, { weight: 1, arbitrary: riskOp }),
      at: time,
      delayHours: fc.integer({ min: 0, max: 72 }),
    }),
    { minLength: 1, maxLength: 60 },
  )
  .map((steps) => {
    const history = new LedgerHistory();
    let clock = BASE;
    for (const { op: apply, at, delayHours } of steps) {
      clock = Math.max(clock, Date.parse(at)) + delayHours * HOUR;
      const before = history.events.length;
      apply(history, at, new Date(clock).toISOString());
      // Builders default recordedAt to the business time; keep recorded time monotone like the store.
      for (const recorded of history.events.slice(before)) recorded.recordedAt = new Date(clock).toISOString();
    }
    return history;
  });

export const instantArbitrary = fc.integer({ min: -24, max: 200 * 24 }).map((hours) => new Date(BASE + hours * HOUR).toISOString());
