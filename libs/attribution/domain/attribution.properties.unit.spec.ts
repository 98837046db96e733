import fc from 'fast-check';
import { Dec, minorUnitsOf } from '@ledger/kernel';
import { AttributionState, type AttributionEntity } from './attribution-state';
import { applyEvent } from './apply-event';
import { replay } from './replay';
import { historyArbitrary, optionsArbitrary } from './testing/arbitraries';

const RUNS = { numRuns: 300 };

describe('attribution properties (random histories)', () => {
  it('weights sum to exactly 1 (or no credits), revenue sums exactly to the amount, nothing negative', () => {
    fc.assert(
      fc.property(historyArbitrary, optionsArbitrary, (events, options) => {
        for (const output of replay(events, options).outputs) {
          if (output.kind !== 'decision') continue;
          const { credits, amount } = output.decision;
          if (credits.length === 0) continue;
          const weightSum = credits.reduce((sum, c) => sum.plus(c.weight), new Dec(0));
          const revenueSum = credits.reduce((sum, c) => sum.plus(c.revenue), new Dec(0));
          expect(weightSum.toFixed()).toBe('1');
          expect(revenueSum.equals(amount.amount)).toBe(true);
          const ids = credits.map((c) => c.partnerId);
          expect(ids).toEqual([...new Set(ids)].sort());
          for (const credit of credits) {
            expect(credit.weight).toMatch(/^(0|1|0\.\d{0,9}[1-9])$/);
            expect(new Dec(credit.weight).greaterThan(0)).toBe(true);
            expect(new Dec(credit.revenue).isNegative() && !new Dec(credit.revenue).isZero()).toBe(false);
            const digits = minorUnitsOf(amount.currency);
            expect(credit.revenue).toMatch(digits === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${digits}}$`));
          }
        }
      }),
      RUNS,
    );
  });

  it('every candidate that won belongs to a credited partner, and every credited partner has a winning candidate', () => {
    fc.assert(
      fc.property(historyArbitrary, optionsArbitrary, (events, options) => {
        for (const output of replay(events, options).outputs) {
          if (output.kind !== 'decision') continue;
          const credited = new Set(output.decision.credits.map((c) => c.partnerId));
          const winners = new Set(output.decision.candidates.filter((c) => c.outcome === 'won').map((c) => c.partnerId));
          expect([...winners].sort()).toEqual([...credited].sort());
        }
      }),
      RUNS,
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(historyArbitrary, optionsArbitrary, (events, options) => {
        expect(replay(events, options).outputs).toEqual(replay(events, options).outputs);
      }),
      RUNS,
    );
  });

  it('resuming from entities() persisted as JSON at any cut point reproduces the uninterrupted fold', () => {
    fc.assert(
      fc.property(historyArbitrary, optionsArbitrary, fc.nat(), (events, options, cutSeed) => {
        const cut = cutSeed % (events.length + 1);
        const expected = replay(events, options).outputs;

        const before = replay(events.slice(0, cut), options);
        const persisted = JSON.parse(JSON.stringify([...before.state.entities()])) as AttributionEntity[];
        const after = replay(events.slice(cut), options, AttributionState.fromEntities(persisted, { trackDirty: false }));
        expect([...before.outputs, ...after.outputs]).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('a store kept up to date only through takeDirty() reproduces the uninterrupted fold', () => {
    fc.assert(
      fc.property(historyArbitrary, optionsArbitrary, fc.nat(), fc.integer({ min: 1, max: 7 }), (events, options, cutSeed, batch) => {
        const cut = cutSeed % (events.length + 1);
        const expected = replay(events, options).outputs;

        // A "SQL table" of JSON rows, upserted from takeDirty() after every batch of events.
        const table = new Map<string, string>();
        const state = new AttributionState();
        const outputs = [];
        for (let index = 0; index < cut; index++) {
          outputs.push(...applyEvent(state, events[index], options));
          if ((index + 1) % batch === 0 || index === cut - 1) {
            for (const entity of state.takeDirty()) table.set(`${entity.kind}\u0000${entity.key}`, JSON.stringify(entity));
          }
        }
        const restarted = AttributionState.fromEntities([...table.values()].map((row) => JSON.parse(row) as AttributionEntity));
        for (const recorded of events.slice(cut)) outputs.push(...applyEvent(restarted, recorded, options));
        expect(outputs).toEqual(expected);
      }),
      RUNS,
    );
  });
});
