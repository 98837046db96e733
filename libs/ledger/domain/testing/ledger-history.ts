import { ATTRIBUTION_REVISED, POLICY_APPLIED, type AttributionRevisedData, type PolicyAppliedData } from '@ledger/contracts';
import { ATTRIBUTION_DECIDED, type AttributionDecision, type ConversionType } from '@ledger/contracts';
import { LEDGER_SOURCE, type PartnerType, type RecordedEvent } from '@ledger/contracts';
import { ADJUSTMENT_RECORDED, PAYOUT_RUN_SCHEDULED, type AdjustmentRecordedData, type PayoutRunScheduledData } from '@ledger/contracts';
import {
  DISPUTE_RESOLVED,
  RISK_FLAG_DECIDED,
  RISK_FLAGGED,
  type DisputeResolvedData,
  type RiskFlagDecidedData,
  type RiskFlaggedData,
  type RiskSignalKind,
} from '@ledger/contracts';
import type { LedgerLine } from '../ledger-line';
import { DEFAULT_LEDGER_OPTIONS, type LedgerOptions } from '../ledger-options';
import { replayLedger } from '../replay-ledger';

/** A quiet business time before everything else in the examples. */
export const T0 = '2026-01-01T00:00:00.000Z';

export function plusDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}

export interface CreditSpec {
  partnerId: string;
  weight: string;
  revenue: string;
}

/**
 * Readable builders for ledger tests: each call appends one stored event at the next global
 * position. Decisions are written as the attribution projection records them, so ledger examples do
 * not depend on attribution rules. `recordedAt` defaults to the business time.
 */
export class LedgerHistory {
  readonly events: RecordedEvent[] = [];

  add(type: string, time: string, data: object, options: { source?: string; id?: string; recordedAt?: string } = {}): RecordedEvent {
    const position = this.events.length + 1;
    const recorded: RecordedEvent = {
      position,
      streamId: `test-${position}`,
      revision: 0,
      recordedAt: options.recordedAt ?? time,
      event: { specversion: '1.0', id: options.id ?? `evt-${position}`, source: options.source ?? 'test', type, time, data },
    };
    this.events.push(recorded);
    return recorded;
  }

  enroll(partnerId: string, time = T0, partnerType: PartnerType = 'affiliate'): this {
    this.add('partner.enrolled', time, { partnerId, name: `Partner ${partnerId}`, partnerType });
    return this;
  }

  certify(partnerId: string, certification: string, time: string): this {
    this.add('partner.certified', time, { partnerId, certification });
    return this;
  }

  /** A recorded attribution decision; one credit gets weight 1 and the whole amount unless credits are given. */
  decide(
    conversionId: string,
    amount: string,
    time: string,
    credits: CreditSpec[] | string,
    options: {
      currency?: string;
      type?: ConversionType;
      recordedAt?: string;
      policyVersion?: string;
      causeId?: string;
      causePosition?: number;
    } = {},
  ): this {
    const currency = options.currency ?? 'USD';
    const decision: AttributionDecision = {
      conversionId,
      conversionType: options.type ?? 'deal.closed_won',
      customerId: `cust-${conversionId}`,
      accountDomain: null,
      amount: { amount, currency },
      conversionTime: time,
      // The conversion's upstream event sits right here in global order (the decision stands in for it).
      cause: { source: 'test', id: options.causeId ?? `conv-${conversionId}`, position: options.causePosition ?? this.events.length + 1 },
      basis: 'fresh',
      policyVersion: options.policyVersion ?? 'default-v1',
      credits: typeof credits === 'string' ? [{ partnerId: credits, weight: '1', revenue: amount }] : credits,
      candidates: [],
    };
    this.add(ATTRIBUTION_DECIDED, time, decision, {
      source: LEDGER_SOURCE,
      id: `decided-${conversionId}-${this.events.length + 1}`,
      recordedAt: options.recordedAt,
    });
    return this;
  }

  /**
   * An adoption's revision of a recorded decision (as the attribution projection records it), followed
   * by the adoption's `attribution.policy_applied` unless `open` (more revisions of the same adoption follow).
   */
  revise(
    conversionId: string,
    amount: string,
    conversionTime: string,
    from: { policyVersion: string; credits: CreditSpec[] | string },
    to: { policyVersion: string; credits: CreditSpec[] | string },
    time: string,
    options: { causeId?: string; adoptionId?: string; open?: boolean; effectiveFrom?: string } = {},
  ): this {
    const credits = (spec: CreditSpec[] | string) =>
      typeof spec === 'string' ? [{ partnerId: spec, weight: '1', revenue: amount }] : spec;
    const decision: AttributionDecision = {
      conversionId,
      conversionType: 'deal.closed_won',
      customerId: `cust-${conversionId}`,
      accountDomain: null,
      amount: { amount, currency: 'USD' },
      conversionTime,
      cause: { source: 'test', id: options.causeId ?? `conv-${conversionId}`, position: 0 },
      basis: 'fresh',
      policyVersion: to.policyVersion,
      credits: credits(to.credits),
      candidates: [],
    };
    const adoptionId = options.adoptionId ?? 'policy-adoption-1';
    const effectiveFrom = options.effectiveFrom ?? T0;
    const data: AttributionRevisedData = {
      adoptionId,
      effectiveFrom,
      conversionId,
      replaced: { policyVersion: from.policyVersion, credits: credits(from.credits), recordedBy: 'decided' },
      decision,
    };
    this.add(ATTRIBUTION_REVISED, time, data, { source: LEDGER_SOURCE, id: `revised-${conversionId}-${this.events.length + 1}` });
    return options.open ? this : this.applied(adoptionId, effectiveFrom, time);
  }

  /** The end of an adoption's revisions: the ledger books them, with the tiers they change. */
  applied(adoptionId: string, effectiveFrom: string, time: string): this {
    const data: PolicyAppliedData = { adoptionId, effectiveFrom, revisedConversions: 0 };
    this.add(POLICY_APPLIED, time, data, { source: LEDGER_SOURCE, id: `applied-${adoptionId}` });
    return this;
  }

  refund(
    conversionId: string,
    amount: string,
    time: string,
    options: { currency?: string; byInvoice?: boolean; recordedAt?: string } = {},
  ): this {
    const key = options.byInvoice ? { invoiceId: conversionId } : { conversionId };
    this.add(
      'invoice.refunded',
      time,
      { ...key, amount: { amount, currency: options.currency ?? 'USD' } },
      { recordedAt: options.recordedAt },
    );
    return this;
  }

  payoutRun(runId: string, time: string, payouts: Array<{ payoutId: string; partnerId: string; amount: string; currency?: string }>): this {
    const data: PayoutRunScheduledData = {
      runId,
      asOf: time,
      minimum: {},
      requestedBy: { keyId: 'fin-1', role: 'finance' },
      payouts: payouts.map((p) => ({
        payoutId: p.payoutId,
        partnerId: p.partnerId,
        amount: { amount: p.amount, currency: p.currency ?? 'USD' },
      })),
    };
    this.add(PAYOUT_RUN_SCHEDULED, time, data, { source: LEDGER_SOURCE });
    return this;
  }

  paid(payoutId: string, time: string): this {
    this.add('payout.paid', time, { payoutId });
    return this;
  }

  failed(payoutId: string, time: string, reason = 'account closed'): this {
    this.add('payout.failed', time, { payoutId, reason });
    return this;
  }

  adjust(adjustmentId: string, partnerId: string, amount: string, time: string, reason = 'goodwill', currency = 'USD'): this {
    const data: AdjustmentRecordedData = {
      adjustmentId,
      partnerId,
      amount: { amount, currency },
      reason,
      actor: { keyId: 'fin-1', role: 'finance' },
    };
    this.add(ADJUSTMENT_RECORDED, time, data, { source: LEDGER_SOURCE });
    return this;
  }

  /** A risk flag on a partner's commission on a conversion, as the risk reactor records it. */
  flag(
    flagId: string,
    conversionId: string,
    partnerId: string,
    time: string,
    options: { signals?: RiskSignalKind[]; recordedAt?: string } = {},
  ): this {
    const data: RiskFlaggedData = {
      flagId,
      conversionId,
      partnerId,
      policyVersion: 'risk-v1',
      signals: (options.signals ?? ['self_referral']).map((signal) => ({ signal, evidence: `${signal} observed`, figures: { n: 1 } })),
      decision: { source: LEDGER_SOURCE, id: `decided-${conversionId}`, position: 0 },
    };
    this.add(RISK_FLAGGED, time, data, { source: LEDGER_SOURCE, id: `flagged-${flagId}`, recordedAt: options.recordedAt });
    return this;
  }

  /** Finance's decision on a flag. */
  decideFlag(
    flagId: string,
    conversionId: string,
    partnerId: string,
    decision: 'release' | 'reject',
    time: string,
    reason = decision === 'release' ? 'checked: genuine' : 'self-referral confirmed',
  ): this {
    const data: RiskFlagDecidedData = { flagId, conversionId, partnerId, decision, reason, actor: { keyId: 'fin-1', role: 'finance' } };
    this.add(RISK_FLAG_DECIDED, time, data, { source: LEDGER_SOURCE, id: `flag-decided-${flagId}-${this.events.length + 1}` });
    return this;
  }

  /** Finance resolves a dispute, an upheld one with an optional adjustment. */
  resolveDispute(
    disputeId: string,
    partnerId: string,
    outcome: 'upheld' | 'rejected',
    time: string,
    adjustment?: { amount: string; currency: string },
    reason = 'commission missing',
  ): this {
    const data: DisputeResolvedData = {
      disputeId,
      partnerId,
      outcome,
      reason,
      ...(adjustment ? { adjustment } : {}),
      resolvedBy: { keyId: 'fin-2', role: 'finance' },
    };
    this.add(DISPUTE_RESOLVED, time, data, { source: LEDGER_SOURCE });
    return this;
  }

  /** Folds the history; returns the lines in chain order, the outputs and the state. */
  run(options: LedgerOptions = DEFAULT_LEDGER_OPTIONS) {
    const result = replayLedger(this.events, options);
    const lines: LedgerLine[] = result.outputs.flatMap((output) => (output.kind === 'transaction' ? output.transaction.lines : []));
    return { ...result, lines };
  }
}
