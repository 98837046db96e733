import fc from 'fast-check';
import { History, plusDays, T0 } from '@ledger/attribution/domain/testing/history';
import { LEDGER_SOURCE, type RiskFlaggedData } from '@ledger/contracts';
import { flagIdFor } from './flag-id';
import { DEFAULT_RISK_POLICY, signalsOff } from './risk-policy';
import { screenHistory } from './testing/screened-history';
import { aggressive, programArbitrary } from './testing/risk-programs';

/*
 * Risk screening end to end over pure folds: upstream facts → attribution decisions → flags, as the
 * live reactors record them. Examples per signal (just over and just under each limit), policy
 * adoption going forward, then properties over random programs.
 */

const signalsOf = (flags: RiskFlaggedData[], partnerId: string) =>
  flags.filter((flag) => flag.partnerId === partnerId).flatMap((flag) => flag.signals.map((signal) => signal.signal));

function enrollWithSite(history: History, partnerId: string, websiteDomain: string, time = T0): void {
  history.add('partner.enrolled', time, { partnerId, name: partnerId, partnerType: 'reseller', websiteDomain });
}

describe('risk screening: examples', () => {
  it('self_referral: a deal on the partner’s own website domain is flagged, another domain is not', () => {
    const h = new History();
    enrollWithSite(h, 'P-1', 'www.acme.example', plusDays(T0, -100));
    h.register('DL-1', 'P-1', 'acme.example', plusDays(T0, 1)).approve('DL-1', plusDays(T0, 2));
    h.won('C-1', 'CU-1', 'acme.example', '500.00', plusDays(T0, 5));
    h.register('DL-2', 'P-1', 'other.example', plusDays(T0, 1)).approve('DL-2', plusDays(T0, 2));
    h.won('C-2', 'CU-2', 'other.example', '500.00', plusDays(T0, 5));
    const { flags } = screenHistory(h.events);
    expect(flags.map((flag) => [flag.conversionId, flag.signals.map((s) => s.signal)])).toEqual([['C-1', ['self_referral']]]);
    expect(flags[0].flagId).toBe(flagIdFor('C-1', 'P-1'));
    expect(flags[0].signals[0].evidence).toBe('account domain acme.example of C-1 is the website of P-1 (www.acme.example)');
    expect(flags[0].policyVersion).toBe('risk-v1');
  });

  it.each([
    [21, true],
    [20, false],
  ])('click_velocity: %i clicks by the winning visitor within 10 minutes → flagged %s', (clicks, flagged) => {
    const h = new History();
    h.enroll('P-1', plusDays(T0, -100));
    const start = Date.parse(plusDays(T0, 3));
    for (let i = 0; i < clicks; i += 1) h.click('P-1', 'V-9', new Date(start + i * 25_000).toISOString());
    h.identify('CU-1', { visitorId: 'V-9' }, plusDays(T0, 3));
    h.invoice('INV-1', 'CU-1', '100.00', plusDays(T0, 4));
    const { flags } = screenHistory(h.events);
    expect(signalsOf(flags, 'P-1')).toEqual(flagged ? ['click_velocity'] : []);
    if (flagged) expect(flags[0].signals[0].evidence).toMatch(/^21 clicks by visitor V-9 for P-1 between .*; limit 20 in 10 minutes$/);
  });

  it.each([
    [5, 3, true],
    [5, 2, false],
    [4, 4, false],
  ])('refund_rate: %i earlier conversions, %i fully refunded → the next one flagged %s', (earlier, refunded, flagged) => {
    const h = new History();
    h.enroll('P-1', plusDays(T0, -200));
    for (let i = 1; i <= earlier + 1; i += 1) {
      h.register(`DL-${i}`, 'P-1', `c${i}.example`, plusDays(T0, i)).approve(`DL-${i}`, plusDays(T0, i));
      h.won(`C-${i}`, `CU-${i}`, `c${i}.example`, '200.00', plusDays(T0, i + 1));
      if (i <= refunded)
        h.add('invoice.refunded', plusDays(T0, i + 2), { conversionId: `C-${i}`, amount: { amount: '200.00', currency: 'USD' } });
    }
    const { flags } = screenHistory(h.events);
    const last = flags.filter((flag) => flag.conversionId === `C-${earlier + 1}`);
    expect(last.map((flag) => flag.signals.map((s) => s.signal))).toEqual(flagged ? [['refund_rate']] : []);
  });

  it.each([
    ['10000.00', 10, true],
    ['9999.99', 10, false],
    ['10000.00', 31, false],
  ])('new_partner_large_deal: %s USD %i days after enrolment → flagged %s', (amount, days, flagged) => {
    const h = new History();
    h.enroll('P-1', T0);
    h.register('DL-1', 'P-1', 'big.example', plusDays(T0, 1)).approve('DL-1', plusDays(T0, 1));
    h.won('C-1', 'CU-1', 'big.example', amount, plusDays(T0, days));
    expect(signalsOf(screenHistory(h.events).flags, 'P-1')).toEqual(flagged ? ['new_partner_large_deal'] : []);
  });

  it('a risk policy adoption governs the commissions booked after it, not those before', () => {
    const h = new History();
    enrollWithSite(h, 'P-1', 'acme.example', plusDays(T0, -100));
    h.register('DL-1', 'P-1', 'acme.example', plusDays(T0, 1)).approve('DL-1', plusDays(T0, 1));
    h.won('C-1', 'CU-1', 'acme.example', '500.00', plusDays(T0, 5));
    h.add(
      'risk.policy_adopted',
      plusDays(T0, 6),
      {
        adoptionId: 'risk-policy-adoption-1',
        policy: { ...DEFAULT_RISK_POLICY, version: 'risk-v2', selfReferral: false },
        reason: null,
        adoptedBy: { keyId: 'k', role: 'finance' },
      },
      'adoption',
    ).event.source = LEDGER_SOURCE;
    h.won('C-2', 'CU-2', 'acme.example', '500.00', plusDays(T0, 7));
    const { flags } = screenHistory(h.events);
    expect(flags.map((flag) => flag.conversionId)).toEqual(['C-1']);
  });

  it('facts stored after the conversion event do not count, even if the decision is stored later', () => {
    const h = new History();
    h.enroll('P-1', plusDays(T0, -100));
    h.identify('CU-1', { visitorId: 'V-9' }, plusDays(T0, 3));
    h.click('P-1', 'V-9', plusDays(T0, 3));
    h.invoice('INV-1', 'CU-1', '100.00', plusDays(T0, 4));
    const start = Date.parse(plusDays(T0, 3));
    for (let i = 0; i < 30; i += 1) h.click('P-1', 'V-9', new Date(start + i * 1000).toISOString());
    expect(screenHistory(h.events, { decisionsLate: true }).flags).toEqual([]);
  });
});

/* ----- Properties over random programs ----- */

/** A flag without the positions of the events it names (they move when decisions are stored elsewhere). */
const comparable = (flags: RiskFlaggedData[]) =>
  flags.map(({ decision, ...flag }) => ({ ...flag, decision: { source: decision.source, id: decision.id } }));

describe('risk screening: properties', () => {
  it('the random programs raise every signal (so the properties below are not vacuous)', () => {
    const raised = new Set(
      fc
        .sample(programArbitrary, { numRuns: 200, seed: 7 })
        .flatMap((events) =>
          screenHistory(events, { risk: { policy: aggressive } }).flags.flatMap((flag) => flag.signals.map((signal) => signal.signal)),
        ),
    );
    expect([...raised].sort()).toEqual(['click_velocity', 'new_partner_large_deal', 'refund_rate', 'self_referral']);
  });

  it('a policy with every signal off holds nothing', () => {
    fc.assert(
      fc.property(programArbitrary, (events) => {
        expect(screenHistory(events, { risk: { policy: signalsOff('off') } }).flags).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('the same facts give the same flags wherever the decisions were stored, and a fold resumed from persisted state equals an uninterrupted one', () => {
    fc.assert(
      fc.property(programArbitrary, fc.integer({ min: 1, max: 40 }), (events, every) => {
        const risk = { policy: aggressive };
        const live = screenHistory(events, { risk });
        expect(comparable(screenHistory(events, { risk, decisionsLate: true }).flags)).toEqual(comparable(live.flags));
        expect(screenHistory(events, { risk, resumeEvery: every }).flags).toEqual(live.flags);
      }),
      { numRuns: 60 },
    );
  });

  it('flags name only credited partners, once per conversion and partner, with at least one signal', () => {
    fc.assert(
      fc.property(programArbitrary, (events) => {
        const { flags, stored } = screenHistory(events, { risk: { policy: aggressive } });
        const credited = new Set(
          stored
            .filter((recorded) => recorded.event.type === 'attribution.decided')
            .flatMap((recorded) => {
              const decision = recorded.event.data as { conversionId: string; credits: Array<{ partnerId: string }> };
              return decision.credits.map((credit) => `${decision.conversionId}|${credit.partnerId}`);
            }),
        );
        const keys = flags.map((flag) => `${flag.conversionId}|${flag.partnerId}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const key of keys) expect(credited.has(key)).toBe(true);
        for (const flag of flags) expect(flag.signals.length).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });
});
