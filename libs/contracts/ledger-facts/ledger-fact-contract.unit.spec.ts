import type { CloudEvent } from '../upstream/cloud-event';
import { LEDGER_FACT_TYPES, ledgerFactProblems } from './ledger-fact-contract';

const T = '2026-03-04T10:00:00.000Z';
const fact = (type: string, data: object, extra: object = {}): CloudEvent =>
  ({ specversion: '1.0', id: `${type}:1`, source: 'partner-ledger', type, time: T, data, ...extra }) as CloudEvent;
const decision = {
  conversionId: 'C-1',
  conversionType: 'deal.closed_won',
  customerId: 'CU-1',
  accountDomain: 'acme.com',
  amount: { amount: '100.00', currency: 'USD' },
  conversionTime: T,
  cause: { source: 'crm', id: 'e-1', position: 7 },
  basis: 'fresh',
  policyVersion: 'default-v1',
  credits: [
    { partnerId: 'P-1', weight: '0.1666666665', revenue: '16.65', share: '1/6' },
    { partnerId: 'P-2', weight: '0.8333333335', revenue: '83.35', share: '5/6' },
  ],
  candidates: [{ partnerId: 'P-1', channel: 'click', reference: 'e-0', time: T, outcome: 'won', reason: 'linear' }],
};
const actor = { keyId: 'k-1', role: 'finance' };
const policy = {
  version: 'linear-v2',
  model: 'linear',
  clickWindowDays: 30,
  protectionDays: 90,
  precedence: ['deal_registration', 'coupon', 'click'],
  positionBased: { first: '0.4', last: '0.4' },
  halfLifeDays: 7,
};

/** One well-formed example of every fact the ledger records. */
const EXAMPLES: Record<string, CloudEvent> = {
  'attribution.decided': fact('attribution.decided', decision),
  'attribution.revised': fact('attribution.revised', {
    adoptionId: 'policy-adoption-1',
    effectiveFrom: T,
    conversionId: 'C-1',
    replaced: {
      policyVersion: 'default-v1',
      credits: [{ partnerId: 'P-3', weight: '1', revenue: '100.00' }],
      recordedBy: 'attribution.decided:x',
    },
    decision,
  }),
  'attribution.policy_applied': fact('attribution.policy_applied', {
    adoptionId: 'policy-adoption-1',
    effectiveFrom: T,
    revisedConversions: 3,
  }),
  'attribution.policy_adopted': fact('attribution.policy_adopted', {
    adoptionId: 'policy-adoption-1',
    effectiveFrom: T,
    policy,
    adoptedBy: actor,
    reason: null,
  }),
  'attribution.policy_retracted': fact('attribution.policy_retracted', {
    adoptionId: 'policy-adoption-1',
    retractionId: 'policy-adoption-1-retraction',
    retractedBy: actor,
    reason: 'overpaid',
  }),
  'deal.rejected': fact('deal.rejected', { dealId: 'D-1', reason: 'held by P-2 until 2026-06-01' }, { ledgerrejectioncode: 'conflict' }),
  'partner.tier_changed': fact('partner.tier_changed', {
    partnerId: 'P-1',
    programVersion: 'default-v1',
    from: 'registered',
    to: 'silver',
    at: T,
    reason: 'reached silver',
    cause: { type: 'partner.certified', source: 'crm', id: 'e-2', position: 9 },
  }),
  'payout.run_scheduled': fact('payout.run_scheduled', {
    runId: 'run-1',
    asOf: T,
    minimum: { USD: '50.00' },
    requestedBy: actor,
    payouts: [{ payoutId: 'run-1-1', partnerId: 'P-1', amount: { amount: '60.00', currency: 'USD' } }],
  }),
  'adjustment.recorded': fact('adjustment.recorded', {
    adjustmentId: 'adj-1',
    partnerId: 'P-1',
    amount: { amount: '-5.00', currency: 'USD' },
    reason: 'duplicate lead',
    actor,
  }),
  'risk.flagged': fact('risk.flagged', {
    flagId: 'F-0123456789abcdef0123',
    conversionId: 'C-1',
    partnerId: 'P-1',
    policyVersion: 'risk-v1',
    signals: [
      {
        signal: 'self_referral',
        evidence: 'account domain acme.com of C-1 is the website of P-1 (acme.com)',
        figures: { accountDomain: 'acme.com', websiteDomain: 'acme.com' },
      },
    ],
    decision: { source: 'crm', id: 'evt-1', position: 4 },
  }),
  'risk.flag_decided': fact('risk.flag_decided', {
    flagId: 'F-0123456789abcdef0123',
    conversionId: 'C-1',
    partnerId: 'P-1',
    decision: 'release',
    reason: 'customer confirmed',
    actor,
  }),
  'risk.policy_adopted': fact('risk.policy_adopted', {
    adoptionId: 'risk-policy-adoption-1',
    policy: { version: 'risk-v2', clickVelocity: { maxClicks: 30, withinMinutes: 10 } },
    reason: null,
    adoptedBy: actor,
  }),
  'dispute.opened': fact('dispute.opened', { disputeId: 'D-1', partnerId: 'P-1', lineId: 'L-1', message: 'rate too low', openedBy: actor }),
  'dispute.resolved': fact('dispute.resolved', {
    disputeId: 'D-1',
    partnerId: 'P-1',
    outcome: 'upheld',
    reason: 'silver since March',
    adjustment: { amount: '50.00', currency: 'USD' },
    resolvedBy: actor,
  }),
};

describe('the contract of the facts the ledger records', () => {
  it('has an example of every fact type, and each passes', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...LEDGER_FACT_TYPES].sort());
    for (const [type, event] of Object.entries(EXAMPLES))
      expect({ type, problems: ledgerFactProblems(event) }).toEqual({ type, problems: [] });
  });

  const decided = EXAMPLES['attribution.decided'];
  const withData = (patch: object) => ({ ...decided, data: { ...decision, ...patch } }) as CloudEvent;
  it.each([
    ['an upstream source', { ...decided, source: 'crm' }, 'source'],
    ['an unknown type', { ...decided, type: 'attribution.guessed' }, 'type'],
    ['an impossible date', { ...decided, time: '2025-02-30T00:00:00Z' }, 'time'],
    ['an extra field', withData({ note: 1 }), 'data.note'],
    ['a missing field', { ...decided, data: { ...decision, conversionId: undefined } }, 'data.conversionId'],
    ['a 16-digit amount', withData({ amount: { amount: '1234567890123456.00', currency: 'USD' } }), 'data.amount.amount'],
    ['three decimals in USD', withData({ amount: { amount: '100.001', currency: 'USD' } }), 'data.amount.amount'],
    ['revenues that do not add up', withData({ credits: [{ partnerId: 'P-1', weight: '1', revenue: '99.99' }] }), 'data.credits'],
    ['weights that do not add up', withData({ credits: [{ partnerId: 'P-1', weight: '0.5', revenue: '100.00' }] }), 'data.credits'],
    ['a weight above 1', withData({ credits: [{ partnerId: 'P-1', weight: '2', revenue: '100.00' }] }), 'data.credits[0].weight'],
    ['a NUL in an id', withData({ customerId: 'CU\u00001' }), 'data.customerId'],
    [
      'an impossible candidate time',
      withData({ candidates: [{ ...decision.candidates[0], time: '2026-13-01T00:00:00Z' }] }),
      'data.candidates[0].time',
    ],
  ] as Array<[string, CloudEvent, string]>)('refuses %s, naming the field', (_case, event, path) => {
    expect(ledgerFactProblems(JSON.parse(JSON.stringify(event)))).toContainEqual(expect.objectContaining({ path }));
  });

  it.each([
    [
      'a zero payout',
      fact('payout.run_scheduled', {
        ...(EXAMPLES['payout.run_scheduled'].data as object),
        payouts: [{ payoutId: 'p', partnerId: 'P-1', amount: { amount: '0.00', currency: 'USD' } }],
      }),
      'data.payouts[0].amount.amount',
    ],
    [
      'a tier that does not exist',
      fact('partner.tier_changed', { ...(EXAMPLES['partner.tier_changed'].data as object), to: 'platinum' }),
      'data.to',
    ],
    [
      'an adoption of a policy with an unknown model',
      fact('attribution.policy_adopted', {
        ...(EXAMPLES['attribution.policy_adopted'].data as object),
        policy: { ...policy, model: 'most_clicks' },
      }),
      'data.policy.model',
    ],
    [
      'an unknown currency in an adjustment',
      fact('adjustment.recorded', { ...(EXAMPLES['adjustment.recorded'].data as object), amount: { amount: '1', currency: 'ABC' } }),
      'data.amount.currency',
    ],
    ['a flag without a signal', fact('risk.flagged', { ...(EXAMPLES['risk.flagged'].data as object), signals: [] }), 'data.signals'],
    [
      'a risk policy with a threshold above 1',
      fact('risk.policy_adopted', {
        ...(EXAMPLES['risk.policy_adopted'].data as object),
        policy: { version: 'v', refundRate: { threshold: '1.5', minConversions: 5, windowDays: 90 } },
      }),
      'data.policy.refundRate.threshold',
    ],
    [
      'an unknown flag decision',
      fact('risk.flag_decided', { ...(EXAMPLES['risk.flag_decided'].data as object), decision: 'maybe' }),
      'data.decision',
    ],
  ] as Array<[string, CloudEvent, string]>)('refuses %s', (_case, event, path) => {
    expect(ledgerFactProblems(event)).toContainEqual(expect.objectContaining({ path }));
  });
});
