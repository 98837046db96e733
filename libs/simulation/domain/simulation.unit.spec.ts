import fc from 'fast-check';
import { DEFAULT_POLICY, Reattribution } from '@ledger/attribution/domain';
import { ATTRIBUTION_REVISED, POLICY_APPLIED, type AttributionRevisedData, type PolicyAppliedData } from '@ledger/contracts';
import { DEFAULT_LEDGER_OPTIONS, balancesFromBuckets, bucketLines, replayLedger } from '@ledger/ledger/domain';
import { LEDGER_SOURCE } from '@ledger/contracts';
import { historyArbitrary, policyArbitrary } from '../../attribution/domain/testing/arbitraries';
import { History, T0, plusDays } from '../../attribution/domain/testing/history';
import { DEFAULT_PLAN, parsePlan } from '@ledger/ledger/domain';
import type { RecordedEvent } from '@ledger/contracts';
import { Simulation, type SimulationOptions } from './simulation';
import { simulationDiffToCsv } from '../application/simulation-csv';
import { withRecordedDecisions } from './testing/recorded-history';

const FAR = '2100-01-01T00:00:00.000Z';
const live = { policy: DEFAULT_POLICY, recurringMonths: DEFAULT_PLAN.recurringMonths };

function simulate(stored: RecordedEvent[], options: Partial<SimulationOptions>) {
  const simulation = new Simulation({ policy: DEFAULT_POLICY, plan: DEFAULT_PLAN, ...options });
  for (const recorded of stored) simulation.apply(recorded);
  return simulation.result();
}

/** P-1 clicks first, P-2 last, for both customers; CU-2 later gets a refund. */
function program(): RecordedEvent[] {
  const h = new History()
    .enroll('P-1')
    .enroll('P-2')
    .click('P-1', 'v-1', plusDays(T0, 1))
    .click('P-2', 'v-1', plusDays(T0, 2))
    .identify('CU-1', { visitorId: 'v-1' })
    .won('C-1', 'CU-1', 'one.com', '1000.00', plusDays(T0, 3))
    .click('P-1', 'v-2', plusDays(T0, 10))
    .click('P-2', 'v-2', plusDays(T0, 11))
    .identify('CU-2', { visitorId: 'v-2' })
    .won('C-2', 'CU-2', 'two.com', '500.00', plusDays(T0, 12));
  h.add('invoice.refunded', plusDays(T0, 20), { conversionId: 'C-2', amount: { amount: '250.00', currency: 'USD' } });
  return withRecordedDecisions(h.events, live);
}

describe('simulation (what-if replay)', () => {
  it('under the policy and plan in force, nothing changes', () => {
    const result = simulate(program(), {});
    expect(result).toMatchObject({ conversionsCompared: 2, conversionsChanged: 0, conversions: [] });
    const balance = {
      currency: 'USD',
      pending: '0.00',
      payable: '250.00',
      held: '0.00',
      paid: '0.00',
      earned: '300.00',
      clawedBack: '50.00',
      adjustments: '0.00',
      inTransit: '0.00',
    };
    expect(result.partners).toEqual([
      {
        partnerId: 'P-2',
        currency: 'USD',
        currentRevenue: '1500.00',
        simulatedRevenue: '1500.00',
        currentCommission: '300.00',
        simulatedCommission: '300.00',
        commissionDelta: '0.00',
        currentClawedBack: '50.00',
        simulatedClawedBack: '50.00',
        currentBalance: balance,
        simulatedBalance: balance,
      },
    ]);
  });

  it('first_click moves every conversion to P-1, with commissions and clawbacks', () => {
    const result = simulate(program(), { policy: { ...DEFAULT_POLICY, version: 'first-click-v1', model: 'first_click' } });
    expect(result.conversionsChanged).toBe(2);
    expect(result.conversions[0]).toEqual({
      conversionId: 'C-1',
      conversionTime: plusDays(T0, 3),
      currency: 'USD',
      amount: '1000.00',
      current: [{ partnerId: 'P-2', weight: '1', revenue: '1000.00', commission: '200.00' }],
      simulated: [{ partnerId: 'P-1', weight: '1', revenue: '1000.00', commission: '200.00' }],
    });
    expect(
      result.partners.map((p) => [p.partnerId, p.currentCommission, p.simulatedCommission, p.commissionDelta, p.simulatedClawedBack]),
    ).toEqual([
      ['P-1', '0.00', '300.00', '300.00', '50.00'],
      ['P-2', '300.00', '0.00', '-300.00', '0.00'],
    ]);
    expect(result.totals).toEqual([
      {
        currency: 'USD',
        currentRevenue: '1500.00',
        simulatedRevenue: '1500.00',
        currentCommission: '300.00',
        simulatedCommission: '300.00',
        commissionDelta: '0.00',
      },
    ]);
    expect(
      result.partners.map((p) => [p.partnerId, p.currentBalance?.earned ?? null, p.simulatedBalance?.earned, p.simulatedBalance?.payable]),
    ).toEqual([
      ['P-1', null, '300.00', '250.00'],
      ['P-2', '300.00', '0.00', '0.00'],
    ]);
    const csv = simulationDiffToCsv(result).trim().split('\n');
    expect(csv[0]).toBe(
      'conversion_id,conversion_time,currency,amount,partner_id,current_weight,simulated_weight,current_revenue,simulated_revenue,current_commission,simulated_commission,current_credits,simulated_credits',
    );
    expect(csv).toHaveLength(5);
    expect(csv[1]).toBe(`C-1,${plusDays(T0, 3)},USD,1000.00,P-1,0,1,0,1000.00,,200.00,P-2:1:1000.00:200.00,P-1:1:1000.00:200.00`);
  });

  it('a plan change alone changes commissions, not credits; a range limits what is compared', () => {
    const plan = parsePlan({ version: 'flat-30', rates: [{ rate: '0.30' }] });
    if (!plan.ok) throw new Error('plan');
    const result = simulate(program(), { plan: plan.plan, from: plusDays(T0, 5) });
    expect(result.conversionsCompared).toBe(1);
    expect(result.conversions.map((c) => [c.conversionId, c.current[0].commission, c.simulated[0].commission])).toEqual([
      ['C-2', '100.00', '150.00'],
    ]);
    expect(result.partners[0]).toMatchObject({
      currentRevenue: '500.00',
      simulatedRevenue: '500.00',
      currentClawedBack: '50.00',
      simulatedClawedBack: '75.00',
    });
  });

  it('a candidate effective from a date changes only the conversions from then on', () => {
    const result = simulate(program(), {
      policy: { ...DEFAULT_POLICY, version: 'first-click-v1', model: 'first_click' },
      from: plusDays(T0, 5),
    });
    expect(result.conversions.map((c) => c.conversionId)).toEqual(['C-2']);
    expect(result.partners.map((p) => [p.partnerId, p.currentCommission, p.simulatedCommission, p.simulatedClawedBack])).toEqual([
      ['P-1', '0.00', '100.00', '50.00'],
      ['P-2', '100.00', '0.00', '0.00'],
    ]);
  });

  it('property: a simulation predicts the ledger right after adopting its candidate: balances, commissions and tiers, partner by partner', () => {
    fc.assert(
      fc.property(historyArbitrary, policyArbitrary, fc.integer({ min: -5, max: 60 }), (upstream, candidate, days) => {
        const stored = withRecordedDecisions(upstream, live);
        const from = plusDays(T0, days);
        const policy = { ...candidate, version: 'candidate' };
        const predicted = simulate(stored, { policy, from, asOf: FAR });
        // What adoption records: the same re-attribution, one attribution.revised per changed conversion, then policy_applied.
        const reattribution = new Reattribution(
          { ...live, adoptions: [{ policy, effectiveFrom: from }] },
          { from: Date.parse(from), to: Infinity },
        );
        for (const recorded of stored) reattribution.apply(recorded);
        const revisions = reattribution.revisions();
        const derived = (type: string, id: string, data: object, index: number): RecordedEvent => ({
          position: stored.length + index + 1,
          streamId: 'x',
          revision: 0,
          recordedAt: FAR,
          event: { specversion: '1.0', id, source: LEDGER_SOURCE, type, time: FAR, data },
        });
        const adopted: RecordedEvent[] = revisions.map((revision, index) => {
          const data: AttributionRevisedData = {
            adoptionId: 'policy-adoption-1',
            effectiveFrom: from,
            conversionId: revision.decision.conversionId,
            ...revision,
          };
          return derived(ATTRIBUTION_REVISED, `r-${index}`, data, index);
        });
        const applied: PolicyAppliedData = { adoptionId: 'policy-adoption-1', effectiveFrom: from, revisedConversions: revisions.length };
        adopted.push(derived(POLICY_APPLIED, 'applied', applied, revisions.length));
        const replay = (events: RecordedEvent[]) => {
          const { outputs, state } = replayLedger(events, DEFAULT_LEDGER_OPTIONS);
          return { state, lines: outputs.flatMap((o) => (o.kind === 'transaction' ? o.transaction.lines : [])) };
        };
        const before = replay(stored);
        const after = replay([...stored, ...adopted]);
        const balanceOf = (lines: typeof after.lines, partnerId: string, currency: string) =>
          balancesFromBuckets(
            bucketLines(
              lines.filter((line) => line.partnerId === partnerId),
              FAR,
              FAR,
            ),
          ).find((b) => b.currency === currency) ?? null;
        for (const key of new Set(after.lines.map((line) => `${line.partnerId}|${line.currency}`))) {
          const [partnerId, currency] = key.split('|');
          const row = predicted.partners.find((p) => p.partnerId === partnerId && p.currency === currency);
          // Partners with no conversion from the effective date on keep their balance.
          expect(row ? row.simulatedBalance : balanceOf(before.lines, partnerId, currency)).toEqual(
            balanceOf(after.lines, partnerId, currency),
          );
        }
        // Every partner's tier history after the adoption is the simulated one (or, when not listed, unchanged).
        for (const partner of after.state.values('partner')) {
          const steps = partner.history.map((change) => ({ tier: change.to, at: change.at }));
          const listed = predicted.tiers.find((row) => row.partnerId === partner.partnerId);
          const unchanged = (before.state.get('partner', partner.partnerId)?.history ?? []).map((change) => ({
            tier: change.to,
            at: change.at,
          }));
          expect(listed ? listed.simulatedHistory : unchanged).toEqual(steps);
          if (listed) expect(listed.simulatedTier).toBe(partner.tier);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('property: a simulated retraction predicts the ledger right after the retraction, partner by partner', () => {
    fc.assert(
      fc.property(historyArbitrary, policyArbitrary, fc.integer({ min: -5, max: 60 }), (upstream, candidate, days) => {
        const stored = withRecordedDecisions(upstream, live);
        const from = plusDays(T0, days);
        const policy = { ...candidate, version: 'candidate' };
        const adoption = { adoptionId: 'policy-adoption-1', policy, effectiveFrom: from };
        // The store after adopting the candidate, then after retracting it (as the projections record them).
        const change = (events: RecordedEvent[], changeId: string, adoptions: (typeof adoption)[]): RecordedEvent[] => {
          const reattribution = new Reattribution({ ...live, adoptions }, { from: Date.parse(from), to: Infinity });
          for (const recorded of events) reattribution.apply(recorded);
          const revisions = reattribution.revisions();
          const derived = (type: string, id: string, data: object, index: number): RecordedEvent => ({
            position: events.length + index + 1,
            streamId: 'x',
            revision: 0,
            recordedAt: FAR,
            event: { specversion: '1.0', id, source: LEDGER_SOURCE, type, time: FAR, data },
          });
          const added = revisions.map((revision, index) =>
            derived(
              ATTRIBUTION_REVISED,
              `${changeId}-r-${index}`,
              {
                adoptionId: changeId,
                effectiveFrom: from,
                conversionId: revision.decision.conversionId,
                ...revision,
              } satisfies AttributionRevisedData,
              index,
            ),
          );
          added.push(
            derived(
              POLICY_APPLIED,
              `${changeId}-applied`,
              { adoptionId: changeId, effectiveFrom: from, revisedConversions: revisions.length } satisfies PolicyAppliedData,
              revisions.length,
            ),
          );
          return [...events, ...added];
        };
        const adopted = change(stored, 'policy-adoption-1', [adoption]);
        const retracted = change(adopted, 'policy-adoption-1-retraction', []);
        const predicted = simulate(adopted, { policy: null, adopted: [adoption], retract: 'policy-adoption-1', asOf: FAR });
        expect(predicted.retract).toBe('policy-adoption-1');
        const linesOf = (events: RecordedEvent[]) =>
          replayLedger(events, DEFAULT_LEDGER_OPTIONS).outputs.flatMap((o) => (o.kind === 'transaction' ? o.transaction.lines : []));
        const before = linesOf(adopted);
        const after = linesOf(retracted);
        const balanceOf = (lines: typeof after, partnerId: string, currency: string) =>
          balancesFromBuckets(
            bucketLines(
              lines.filter((line) => line.partnerId === partnerId),
              FAR,
              FAR,
            ),
          ).find((b) => b.currency === currency) ?? null;
        for (const key of new Set(after.map((line) => `${line.partnerId}|${line.currency}`))) {
          const [partnerId, currency] = key.split('|');
          const row = predicted.partners.find((p) => p.partnerId === partnerId && p.currency === currency);
          expect(row ? row.simulatedBalance : balanceOf(before, partnerId, currency)).toEqual(balanceOf(after, partnerId, currency));
        }
        // Retracting gives back, balance for balance, the ledger that never adopted the candidate.
        for (const key of new Set(after.map((line) => `${line.partnerId}|${line.currency}`))) {
          const [partnerId, currency] = key.split('|');
          const original = balanceOf(linesOf(stored), partnerId, currency);
          const now = balanceOf(after, partnerId, currency);
          if (original) expect(now).toEqual(original);
          else
            expect(now && { earned: now.earned, payable: now.payable, pending: now.pending }).toEqual(
              now && { earned: zeroOf(now.earned), payable: zeroOf(now.payable), pending: zeroOf(now.pending) },
            );
        }
      }),
      { numRuns: 100 },
    );
  });

  it('property: simulating the live policy and plan reproduces the recorded history exactly', () => {
    fc.assert(
      fc.property(historyArbitrary, (upstream) => {
        const result = simulate(withRecordedDecisions(upstream, live), {});
        expect(result.conversions).toEqual([]);
        for (const partner of result.partners) {
          expect(partner.simulatedRevenue).toBe(partner.currentRevenue);
          expect(partner.simulatedCommission).toBe(partner.currentCommission);
          expect(partner.simulatedClawedBack).toBe(partner.currentClawedBack);
        }
      }),
      { numRuns: 60 },
    );
  });
});

/** The zero amount written with the same digits ("0.00", "0", "0.000"). */
function zeroOf(amount: string): string {
  return amount.replace(/[1-9]/g, '0').replace('-', '');
}
