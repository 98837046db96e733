import { History, T0, plusDays } from '@ledger/attribution/domain/testing/history';
import type { RiskPolicy } from '@ledger/contracts';
import { DEFAULT_PLAN } from '@ledger/ledger/domain';
import { DEFAULT_RISK_POLICY, signalsOff } from '@ledger/risk/domain';
import { screenHistory } from '@ledger/risk/domain/testing/screened-history';
import { parseSimulationRequest } from './simulation-request';
import { Simulation } from './simulation';

/*
 * POST /v1/simulations with `riskPolicy`: what a candidate risk policy would have held over the
 * period, next to what the recorded flags hold, with the commissions the ledger booked.
 */
function program() {
  const h = new History();
  h.add('partner.enrolled', plusDays(T0, -200), { partnerId: 'P-1', name: 'One', partnerType: 'reseller', websiteDomain: 'acme.example' });
  h.add('partner.enrolled', plusDays(T0, -5), { partnerId: 'P-2', name: 'Two', partnerType: 'reseller' });
  h.register('DL-1', 'P-1', 'acme.example', plusDays(T0, 1)).approve('DL-1', plusDays(T0, 1));
  h.won('C-1', 'CU-1', 'acme.example', '500.00', plusDays(T0, 3));
  h.register('DL-2', 'P-2', 'other.example', plusDays(T0, 1)).approve('DL-2', plusDays(T0, 1));
  h.won('C-2', 'CU-2', 'other.example', '2000.00', plusDays(T0, 4));
  // Recorded under risk-v1: C-1 is a self-referral; C-2 (2,000.00) is below the large-deal amount.
  return screenHistory(h.events).stored;
}

function simulate(riskPolicy: RiskPolicy | null, from?: string) {
  const simulation = new Simulation({ policy: null, plan: DEFAULT_PLAN, riskPolicy, from: from ?? null });
  for (const recorded of program()) simulation.apply(recorded);
  return simulation.result().risk;
}

describe('simulating a candidate risk policy', () => {
  it('says what the candidate would hold next to what the recorded flags hold, with the commissions booked', () => {
    const stricter = {
      ...DEFAULT_RISK_POLICY,
      version: 'risk-strict',
      newPartnerLargeDeal: { withinDays: 30, amount: { USD: '1000.00' } },
    };
    expect(simulate(stricter)).toEqual({
      policyVersion: 'risk-strict',
      current: [{ currency: 'USD', flags: 1, held: '100.00' }],
      simulated: [{ currency: 'USD', flags: 2, held: '500.00' }],
      flags: [
        { conversionId: 'C-1', partnerId: 'P-1', currency: 'USD', commission: '100.00', signals: ['self_referral'] },
        { conversionId: 'C-2', partnerId: 'P-2', currency: 'USD', commission: '400.00', signals: ['new_partner_large_deal'] },
      ],
      added: 1,
      removed: 0,
    });
  });

  it('a candidate with every signal off would hold nothing; the period limits what is screened', () => {
    expect(simulate(signalsOff('off'))).toMatchObject({ simulated: [], flags: [], added: 0, removed: 1 });
    expect(simulate({ ...DEFAULT_RISK_POLICY, version: 'v' }, plusDays(T0, 3.5))).toMatchObject({ current: [], simulated: [], removed: 0 });
  });

  it('without a candidate there is no risk section; a malformed candidate is refused naming the field', () => {
    expect(simulate(null)).toBeNull();
    const parsed = parseSimulationRequest({ riskPolicy: { version: 'x', clickVelocity: { maxClicks: 0, withinMinutes: 10 } } });
    expect(parsed).toEqual({ ok: false, errors: [expect.objectContaining({ path: 'riskPolicy.clickVelocity.maxClicks' })] });
  });
});
