import { Dec, minorUnitsOf, isKnownCurrency, fractionDigits } from '@ledger/kernel';
import { LEDGER_SOURCE } from '../upstream/event-types';
import { nulCharacterProblems } from '../upstream/text-rules';
import { type CloudEvent } from '../upstream/cloud-event';
import { type FieldError } from '@ledger/kernel';
import type { LedgerFactType } from '../catalogue';
import { ajv, nullable, oneOf, record, schemas as s, toFieldErrors, type Validator } from './fact-schema-vocabulary';

/*
 * The catalogue of facts the ledger records itself (source `partner-ledger`): each type and the
 * shape of its data. Every one is checked before it is appended (SPEC §1 "everything is validated
 * before it is stored"), so no projection ever meets a fact it cannot read.
 */

const CHANNELS = ['deal_registration', 'coupon', 'click'];
const TIERS = ['registered', 'silver', 'gold'];
const MODELS = ['last_click', 'first_click', 'linear', 'position_based', 'time_decay'];

const cause = record({ source: s.text, id: s.text, position: s.position });
const lineCause = record({ type: s.text, source: s.text, id: s.text, position: s.position });
const credit = record(
  { partnerId: s.text, weight: { type: 'string', format: 'weight' }, revenue: s.decimal, share: { type: 'string', format: 'rational' } },
  ['share'],
);
const candidate = record({
  partnerId: nullable(s.text),
  channel: oneOf(CHANNELS),
  reference: s.text,
  time: s.instant,
  outcome: oneOf(['won', 'lost', 'skipped']),
  reason: s.prose,
});
const decision = record(
  {
    conversionId: s.text,
    conversionType: oneOf(['deal.closed_won', 'invoice.paid']),
    customerId: s.text,
    accountDomain: nullable(s.text),
    amount: s.money,
    conversionTime: s.instant,
    cause,
    basis: oneOf(['fresh', 'recurring', 'none']),
    recurringOf: s.text,
    policyVersion: s.text,
    credits: { type: 'array', items: credit },
    candidates: { type: 'array', items: candidate },
  },
  ['recurringOf'],
);
const policy = record(
  {
    version: s.text,
    model: oneOf(MODELS),
    clickWindowDays: { type: 'integer', minimum: 0 },
    protectionDays: { type: 'integer', minimum: 0 },
    precedence: { type: 'array', items: oneOf(CHANNELS), uniqueItems: true },
    positionBased: record({ first: s.decimal, last: s.decimal }),
    halfLifeDays: { type: 'number', exclusiveMinimum: 0 },
  },
  ['positionBased', 'halfLifeDays'],
);
const SIGNALS = ['self_referral', 'click_velocity', 'refund_rate', 'new_partner_large_deal'];
const riskPolicy = record(
  {
    version: s.text,
    selfReferral: { type: 'boolean' },
    clickVelocity: record({ maxClicks: { type: 'integer', minimum: 1 }, withinMinutes: { type: 'integer', minimum: 1 } }),
    refundRate: record({
      threshold: s.decimal,
      minConversions: { type: 'integer', minimum: 1 },
      windowDays: { type: 'integer', minimum: 1 },
    }),
    newPartnerLargeDeal: record({
      withinDays: { type: 'integer', minimum: 0 },
      amount: { type: 'object', propertyNames: { pattern: '^[A-Z]{3}$' }, additionalProperties: s.decimal },
    }),
  },
  ['selfReferral', 'clickVelocity', 'refundRate', 'newPartnerLargeDeal'],
);
const riskSignal = record({
  signal: oneOf(SIGNALS),
  evidence: s.prose,
  figures: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
});
const adoptionIdentity = { adoptionId: s.text, effectiveFrom: s.instant };

/** Data schema per fact type: one per entry of the catalogue (LedgerFactDataByType). */
const DATA_SCHEMAS: Record<LedgerFactType, object> = {
  'attribution.decided': decision,
  'attribution.revised': record({
    ...adoptionIdentity,
    conversionId: s.text,
    replaced: record({ policyVersion: s.text, credits: { type: 'array', items: credit }, recordedBy: s.text }),
    decision,
  }),
  'attribution.policy_applied': record({ ...adoptionIdentity, revisedConversions: s.count, effectiveUntil: s.instant }, ['effectiveUntil']),
  'attribution.policy_adopted': record({ ...adoptionIdentity, policy, adoptedBy: s.actor, reason: nullable(s.prose) }),
  'attribution.policy_retracted': record({ adoptionId: s.text, retractionId: s.text, retractedBy: s.actor, reason: s.prose }),
  'deal.rejected': record({ dealId: s.text, reason: s.prose }),
  'partner.tier_changed': record({
    partnerId: s.text,
    programVersion: s.text,
    from: nullable(oneOf(TIERS)),
    to: oneOf(TIERS),
    at: s.instant,
    reason: s.prose,
    cause: lineCause,
  }),
  'payout.run_scheduled': record({
    runId: s.text,
    asOf: s.instant,
    minimum: { type: 'object', propertyNames: { pattern: '^[A-Z]{3}$' }, additionalProperties: s.decimal },
    requestedBy: s.actor,
    payouts: { type: 'array', items: record({ payoutId: s.text, partnerId: s.text, amount: s.computedMoney }) },
  }),
  'adjustment.recorded': record({ adjustmentId: s.text, partnerId: s.text, amount: s.signedMoney, reason: s.prose, actor: s.actor }),
  'risk.flagged': record({
    flagId: s.text,
    conversionId: s.text,
    partnerId: s.text,
    policyVersion: s.text,
    signals: { type: 'array', items: riskSignal, minItems: 1 },
    decision: cause,
  }),
  'risk.flag_decided': record({
    flagId: s.text,
    conversionId: s.text,
    partnerId: s.text,
    decision: oneOf(['release', 'reject']),
    reason: s.prose,
    actor: s.actor,
  }),
  'risk.policy_adopted': record({ adoptionId: s.text, policy: riskPolicy, reason: nullable(s.prose), adoptedBy: s.actor }),
  'dispute.opened': record(
    { disputeId: s.text, partnerId: s.text, conversionId: s.text, lineId: s.text, message: s.prose, openedBy: s.actor },
    ['conversionId', 'lineId'],
  ),
  'dispute.resolved': record(
    {
      disputeId: s.text,
      partnerId: s.text,
      outcome: oneOf(['upheld', 'rejected']),
      reason: s.prose,
      adjustment: s.signedMoney,
      resolvedBy: s.actor,
    },
    ['adjustment'],
  ),
};

export const LEDGER_FACT_TYPES = Object.keys(DATA_SCHEMAS) as LedgerFactType[];

const envelope = ajv.compile({
  type: 'object',
  required: ['specversion', 'id', 'source', 'type', 'time', 'data'],
  properties: {
    specversion: { const: '1.0' },
    id: s.text,
    source: { const: LEDGER_SOURCE },
    type: oneOf(LEDGER_FACT_TYPES),
    time: s.instant,
    subject: s.text,
    data: { type: 'object' },
  },
  // CloudEvents extension attributes (e.g. ledgerrejectioncode): lowercase names, simple values.
  patternProperties: { '^(?!(specversion|id|source|type|time|subject|data)$)[a-z0-9]+$': { type: ['string', 'integer', 'boolean'] } },
  additionalProperties: false,
});
const dataValidators = new Map<string, Validator>(Object.entries(DATA_SCHEMAS).map(([type, schema]) => [type, ajv.compile(schema)]));

const riskPolicyValidator = ajv.compile(riskPolicy);

/** Every problem with a risk policy (a request's or a stored adoption's), by JSON path under `base`. */
export function riskPolicyProblems(policy: unknown, base = 'policy'): FieldError[] {
  if (!riskPolicyValidator(policy)) return toFieldErrors(riskPolicyValidator.errors, base);
  const { refundRate, newPartnerLargeDeal } = policy as { refundRate?: { threshold: string }; newPartnerLargeDeal?: { amount: object } };
  const problems: FieldError[] = [];
  if (refundRate && (new Dec(refundRate.threshold).isZero() || new Dec(refundRate.threshold).greaterThan(1)))
    problems.push({ path: `${base}.refundRate.threshold`, message: 'must be a share above 0 and at most 1' });
  for (const currency of Object.keys(newPartnerLargeDeal?.amount ?? {}))
    if (!isKnownCurrency(currency))
      problems.push({ path: `${base}.newPartnerLargeDeal.amount.${currency}`, message: 'is not an ISO 4217 currency code' });
  return problems;
}

/** Every problem with a fact the ledger is about to record, by JSON path; empty when it can be stored. */
export function ledgerFactProblems(event: CloudEvent): FieldError[] {
  if (!envelope(event)) return toFieldErrors(envelope.errors);
  const validate = dataValidators.get(event.type) as Validator;
  const errors = validate(event.data) ? [] : toFieldErrors(validate.errors, 'data');
  if (errors.length === 0 && event.type === 'attribution.decided') errors.push(...decisionProblems(event.data as DecisionShape, 'data'));
  if (errors.length === 0 && event.type === 'risk.policy_adopted')
    errors.push(...riskPolicyProblems((event.data as { policy: unknown }).policy, 'data.policy'));
  if (errors.length === 0 && event.type === 'attribution.revised')
    errors.push(...decisionProblems((event.data as { decision: DecisionShape }).decision, 'data.decision'));
  return [...errors, ...nulCharacterProblems(event)];
}

interface DecisionShape {
  amount: { amount: string; currency: string };
  credits: Array<{ partnerId: string; weight: string; revenue: string }>;
}

/** What the schema cannot say: credits sum to the amount, weights to 1, each revenue in the currency's digits. */
function decisionProblems(decision: DecisionShape, base: string): FieldError[] {
  const { amount, credits } = decision;
  if (credits.length === 0 || !isKnownCurrency(amount.currency)) return [];
  const problems: FieldError[] = [];
  const digits = minorUnitsOf(amount.currency);
  credits.forEach((credit, index) => {
    if (fractionDigits(credit.revenue) !== digits)
      problems.push({ path: `${base}.credits[${index}].revenue`, message: `must have exactly ${digits} decimals (${amount.currency})` });
  });
  const revenue = credits.reduce((sum, credit) => sum.plus(credit.revenue), new Dec(0));
  if (!revenue.equals(amount.amount))
    problems.push({ path: `${base}.credits`, message: `revenues sum to ${revenue.toFixed()}, not the amount ${amount.amount}` });
  const weights = credits.reduce((sum, credit) => sum.plus(credit.weight), new Dec(0));
  if (!weights.equals(1)) problems.push({ path: `${base}.credits`, message: `weights sum to ${weights.toFixed()}, not 1` });
  if (new Set(credits.map((credit) => credit.partnerId)).size !== credits.length)
    problems.push({ path: `${base}.credits`, message: 'names a partner twice' });
  return problems;
}
