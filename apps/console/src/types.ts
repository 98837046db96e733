/** The API's answers as the console reads them (SPEC §5; see the controllers under apps/api/src). */

export type Role = 'admin' | 'finance' | 'analyst' | 'partner' | 'ingest';

export interface Me {
  role: Role;
  partnerId?: string;
  keyId?: string;
}

export interface Money {
  amount: string;
  currency: string;
}

export interface Balance {
  currency: string;
  pending: string;
  payable: string;
  paid: string;
  earned: string;
  clawedBack: string;
  adjustments: string;
  inTransit: string;
  held?: string;
}

export interface BalanceView {
  partnerId: string;
  asOf: string;
  knownAt: string;
  balances: Balance[];
}

export interface PartnerListItem {
  partnerId: string;
  name: string | null;
  partnerType: string | null;
  status: string;
  tier: string;
  enrolledAt: string | null;
}

export interface PartnerProfile extends PartnerListItem {
  tierSince?: string | null;
  balances?: Balance[];
}

export interface Cause {
  type?: string;
  source: string;
  id: string;
  position?: number | string;
}

export interface StatementLine {
  date: string;
  currency: string;
  kind: string;
  description: string;
  debit: string;
  credit: string;
  amount: string;
  runningBalance: string;
  payableAt: string | null;
  recordedAt: string;
  conversionId: string | null;
  policyVersion: string | null;
  replacedPolicyVersion: string | null;
  planVersion: string | null;
  tier: string | null;
  rate: string | null;
  cause: Cause | null;
  actor: { keyId: string; role: string } | null;
  transactionId: string;
  lineId: string;
  hash: string;
  hashVersion: number;
}

export interface StatementView {
  partnerId: string;
  from: string | null;
  to: string;
  knownAt: string;
  currencies: Array<{ currency: string; opening: string; closing: string }>;
  lines?: StatementLine[];
  items?: StatementLine[];
  nextCursor?: string | null;
}

export interface RequirementProgress {
  metric: 'sourcedConversions' | 'certifications' | 'creditedRevenue';
  required: string;
  actual: string;
  currency?: string;
  met: boolean;
}

export interface TierChange {
  from: string | null;
  to: string;
  at: string;
  reason: string;
  cause: Cause | null;
}

export interface TierView {
  partnerId: string;
  tier: string;
  since: string | null;
  programVersion: string;
  progress: {
    next: string | null;
    requirements: RequirementProgress[];
    sourcedConversions: number;
    certifications: string[];
    creditedRevenue: Record<string, string>;
  };
  history: TierChange[];
  withdrawn: TierChange[];
}

export interface Candidate {
  partnerId: string | null;
  channel: string;
  reference: string;
  time: string;
  outcome: string;
  reason: string;
}

export interface AttributionView {
  conversionId: string;
  conversionType: string;
  customerId: string;
  accountDomain: string | null;
  amount: Money;
  conversionTime: string;
  basis: string;
  recurringOf?: string;
  policyVersion: string;
  credits: Array<{ partnerId: string; weight: string; revenue: string; commission: string | null }>;
  candidates: Candidate[];
  cause: Cause;
  replaced: Array<{
    policyVersion: string;
    credits: Array<{ partnerId: string; weight: string; revenue: string }>;
    recordedBy: string;
    replacedBy: string;
  }>;
}

export interface ConversionListItem {
  conversionId: string;
  conversionType: string;
  customerId: string | null;
  occurredAt: string;
  amount: Money;
  refunded: string;
  policyVersion: string;
  planVersion: string;
  credits: Array<{
    partnerId: string;
    weight: string;
    revenue: string;
    commission: string | null;
    tier: string | null;
    rate: string | null;
  }>;
}

export interface PayoutRunSummary {
  runId: string;
  asOf: string;
  minimum: Record<string, string>;
  requestedBy: { keyId: string; role: string } | null;
  totals: Array<{ currency: string; payouts: number; amount: string; scheduled: string; paid: string; failed: string }>;
}

export interface PayoutView {
  payoutId: string;
  partnerId: string;
  currency: string;
  amount: string;
  status: 'scheduled' | 'paid' | 'failed';
  scheduledAt?: string | null;
  confirmedAt?: string | null;
}

export interface PayoutRunView extends PayoutRunSummary {
  payouts: PayoutView[];
  nextCursor: string | null;
}

export interface PayoutPreview {
  asOf: string;
  eligible: Array<{ partnerId: string; currency: string; amount: string }>;
  belowMinimum: Array<{ partnerId: string; currency: string; amount: string; minimum: string }>;
}

export interface PayoutRunResult {
  runId: string;
  asOf: string;
  payouts: Array<{ payoutId: string; partnerId: string; currency: string; amount: string }>;
}

export interface AdjustmentItem {
  adjustmentId: string;
  partnerId: string;
  amount: Money;
  reason: string;
  actor: { keyId: string; role: string } | null;
  time: string;
  recordedAt?: string;
}

export interface Deal {
  dealId: string;
  accountDomain: string;
  status: 'pending' | 'approved' | 'rejected' | 'expired' | 'won' | 'lost';
  protectedUntil: string | null;
  reason: string | null;
  estimatedValue?: Money | null;
  registeredAt?: string | null;
}

export interface RevenueView {
  from: string | null;
  to: string;
  groupBy: 'partner' | 'partnerType' | 'month';
  rows: Array<{ key: string; currency: string; revenue: string; conversions: number }>;
  totals: Array<{
    currency: string;
    totalRevenue: string;
    partnerSourcedRevenue: string;
    share: string | null;
    partnerInfluencedRevenue: string;
    partnerInfluencedShare: string | null;
    conversions: number;
    partnerSourcedConversions: number;
  }>;
}

/** GET /v1/reports/commissions: program-wide balances at each UTC month end, per currency. */
export interface CommissionsByMonthView {
  months: Array<{
    month: string;
    asOf: string;
    currency: string;
    pending: string;
    payable: string;
    paid: string;
    earned: string;
    clawedBack: string;
    /** Commission held on risk flags at the month end (SPEC §9), where the API gives it. */
    held?: string;
  }>;
}

interface RateView {
  rate: string | null;
  numerator: number;
  denominator: number;
  definition: string;
}

export interface KpisView {
  asOf: string;
  activationRate: RateView;
  retention: RateView;
  timeToFirstDeal: { medianDays: string | null; partners: number; definition: string };
  averageDealSize: Array<{
    currency: string;
    partnerSourced: { conversions: number; revenue: string; average: string | null };
    direct: { conversions: number; revenue: string; average: string | null };
  }>;
  maturity: { stage: string; activePartners: number; keyMetric: { name: string; value: unknown; definition: string } };
}

export interface SimulationCredit {
  partnerId: string;
  weight: string;
  revenue: string;
  commission: string | null;
}

export interface SimulationJobView {
  id: string;
  status: 'running' | 'done' | 'failed';
  policyVersion: string | null;
  retract: string | null;
  planVersion: string;
  from: string | null;
  to: string | null;
  progress: number;
  eventsRead: number;
  totalEvents: number;
  error: string | null;
  result: null | {
    policyVersion: string | null;
    conversionsCompared: number;
    conversionsChanged: number;
    partners: Array<{
      partnerId: string;
      currency: string;
      currentRevenue: string;
      simulatedRevenue: string;
      currentCommission: string;
      simulatedCommission: string;
      commissionDelta: string;
    }>;
    totals: Array<{
      currency: string;
      currentRevenue: string;
      simulatedRevenue: string;
      currentCommission: string;
      simulatedCommission: string;
      commissionDelta: string;
    }>;
    conversions: Array<{
      conversionId: string;
      conversionTime: string;
      currency: string;
      amount: string;
      current: SimulationCredit[];
      simulated: SimulationCredit[];
    }>;
    page: number;
    pages: number;
  };
}

export interface AdoptedPolicy {
  adoptionId: string | null;
  version: string;
  effectiveFrom: string | null;
  adoptedAt: string | null;
  adoptedBy: string | null;
  reason: string | null;
  status: string;
  revisedConversions: number | null;
}

export interface Verification {
  ok: boolean;
  problemCount: number;
  checked: unknown;
  ledgerHash: string;
  warningCount: number;
  exceptionCount: number;
  problems: Array<{ partnerId: string; lineId: string; problem: string }>;
}

export interface Actor {
  keyId: string;
  role: string;
}

export type FlagStatus = 'open' | 'released' | 'rejected';

/** GET /v1/risk/flags: a held commission with the signals and the figures behind them (SPEC §9). */
export interface RiskFlag {
  flagId: string;
  conversionId: string;
  partnerId: string;
  policyVersion: string;
  signals: Array<{ signal: string; evidence: string; figures: Record<string, string | number> }>;
  status: FlagStatus;
  flaggedAt: string;
  /** The commission the flag put on hold; null until the ledger booked it. */
  amount: Money | null;
  /** What of it is still held now (zero once decided). */
  held: Money | null;
  decision: { decision: 'release' | 'reject'; reason: string; actor: Actor; decidedAt: string } | null;
}

export interface FlagDecisionResult {
  flagId: string;
  conversionId: string;
  partnerId: string;
  status: FlagStatus;
  decision: NonNullable<RiskFlag['decision']>;
}

export type DisputeStatus = 'open' | 'upheld' | 'rejected';

/** GET /v1/disputes, POST /v1/partners/{id}/disputes and its resolution (SPEC §9). */
export interface Dispute {
  disputeId: string;
  partnerId: string;
  conversionId: string | null;
  lineId: string | null;
  message: string;
  status: DisputeStatus;
  openedAt: string;
  openedBy: Actor;
  resolution: {
    outcome: 'upheld' | 'rejected';
    reason: string;
    adjustment: Money | null;
    resolvedBy: Actor;
    resolvedAt: string;
  } | null;
}

/** What a webhook can be told (SPEC §10), in the API's order. */
export const NOTIFICATION_KINDS = [
  'commission.booked',
  'commission.clawed_back',
  'commission.held',
  'commission.released',
  'payout.scheduled',
  'payout.paid',
  'payout.failed',
  'tier.changed',
  'deal.status_changed',
  'attribution.revised',
  'dispute.resolved',
] as const;

/** GET /v1/webhooks (admin): a registration, never its secret. */
export interface Webhook {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  /** The id of the key that registered it. */
  createdBy: string;
}

/** POST /v1/webhooks: the signing secret is in this answer only. */
export interface RegisteredWebhook {
  id: string;
  secret: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** GET /v1/webhooks/{id}/deliveries: one notification to one webhook, with its last attempt. */
export interface WebhookDelivery {
  deliveryId: string;
  /** The `webhook-id` header of every attempt and replay. */
  notificationId: string;
  kind: string;
  partnerId: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  /** Of the last attempt. */
  durationMs: number | null;
  lastAttemptAt: string | null;
  /** Pending only. */
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  /** Why the last attempt failed. */
  error: string | null;
  createdAt: string;
}
