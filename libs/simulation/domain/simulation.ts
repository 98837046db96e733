import { RequestError } from '@ledger/kernel';
import { DEFAULT_POLICY, Reattribution, type PolicyAdoption } from '@ledger/attribution/domain';
import { ATTRIBUTION_REVISED, POLICY_APPLIED, type AttributionRevisedData, type PolicyAppliedData } from '@ledger/contracts';
import { type Credit } from '@ledger/contracts';
import { type AttributionPolicy, type RiskPolicy } from '@ledger/contracts';
import type { CommissionPlan } from '@ledger/ledger/domain';
import { LEDGER_SOURCE, type RecordedEvent } from '@ledger/contracts';
import {
  DEFAULT_LEDGER_OPTIONS,
  LedgerState,
  applyLedgerEvent,
  type ConversionEntity,
  type LedgerOptions,
  type LedgerOutput,
} from '@ledger/ledger/domain';
import { Dec, formatAmount } from '@ledger/kernel';
import { BalanceTally } from './balance-tally';
import { RiskWhatIf } from './risk-what-if';
import type {
  ConversionDiff,
  CurrencyTotal,
  PartnerDiff,
  SimulatedCredit,
  SimulationResult,
  TierDiff,
  TierStep,
} from './simulation-result';

export interface SimulationOptions {
  /** The candidate policy; null simulates the policies in force (with a candidate plan, say). */
  policy: AttributionPolicy | null;
  plan: CommissionPlan;
  /** The plan and tier program the live ledger runs (the "current" side); default-v1. */
  currentLedger?: LedgerOptions;
  /** The policy in force from the start and those adopted since, in adoption order (from the store). */
  basePolicy?: AttributionPolicy;
  adopted?: readonly PolicyAdoption[];
  /** The candidate governs conversions from `from` on (as an adoption effective then would); only conversions in [from, to] are revised. */
  from?: string | null;
  to?: string | null;
  /** Business time of the predicted balances (the run's "now"); null counts everything as payable. */
  asOf?: string | null;
  /**
   * Simulates retracting this adoption instead of adopting a candidate: the policies still in force
   * govern from its effective date on (`policy` and `from` are then ignored).
   */
  retract?: string | null;
  /** A candidate risk policy: the result says what it would have held over [from, to] next to what the recorded flags held. */
  riskPolicy?: RiskPolicy | null;
}

/** The adoption a retraction takes back is not among the adopted policies. */
export class UnknownAdoptionError extends RequestError {
  readonly kind = 'not_found' as const;

  constructor(adoptionId: string) {
    super(`there is no adoption ${adoptionId} in force to retract`);
  }
}

const SIMULATED_ADOPTION = 'simulation';

/**
 * A what-if replay that predicts an adoption exactly. The stored history goes once through the live
 * ledger fold (the current side) and through the same re-attribution an adoption runs, under the
 * policies in force plus the candidate from `from` on. At the end, each conversion the candidate
 * changes gets the very `attribution.revised` booking an adoption would record — compensating entries
 * by the same pure function — and the two sides are compared per conversion, per partner and in total,
 * with each partner's balance before and after.
 *
 * Read-only by construction: it holds its own in-memory states and never sees a store or a database.
 * Memory grows with conversions and partners (states, not lines); the history itself is streamed.
 */
export class Simulation {
  private readonly reattribution: Reattribution;
  private readonly ledger = new LedgerState();
  private readonly current: LedgerOptions;
  private readonly simulated: LedgerOptions;
  private readonly balances: BalanceTally;
  private readonly risk: RiskWhatIf | null;
  private eventsRead = 0;
  private lastRecordedAt = '1970-01-01T00:00:00.000Z';
  private readonly from: number;
  private readonly to: number;

  private readonly options: SimulationOptions;

  constructor(options: SimulationOptions) {
    this.options = options;
    // Lines of a replay are tallied, never stored: chaining them would only spend time on hashes.
    this.current = { ...(options.currentLedger ?? DEFAULT_LEDGER_OPTIONS), hashLines: false };
    this.simulated = { plan: options.plan, tierProgram: this.current.tierProgram, hashLines: false };
    let adopted = [...(options.adopted ?? [])];
    if (options.retract) {
      const retracted = adopted.find((adoption) => adoption.adoptionId === options.retract);
      if (!retracted) throw new UnknownAdoptionError(options.retract);
      adopted = adopted.filter((adoption) => adoption !== retracted);
      this.options = { ...options, policy: null, from: retracted.effectiveFrom };
    } else if (options.policy) {
      adopted.push({ policy: options.policy, effectiveFrom: options.from ?? new Date(-8.64e15).toISOString() });
    }
    this.from = this.options.from ? Date.parse(this.options.from) : -Infinity;
    this.to = this.options.to ? Date.parse(this.options.to) : Infinity;
    this.reattribution = new Reattribution(
      { policy: options.basePolicy ?? DEFAULT_POLICY, adoptions: adopted, recurringMonths: options.plan.recurringMonths },
      { from: this.from, to: this.to },
      undefined,
      { compact: true },
    );
    this.balances = new BalanceTally(options.asOf ?? null);
    this.risk = options.riskPolicy ? new RiskWhatIf(options.riskPolicy, (time) => this.inRange(time)) : null;
  }

  apply(recorded: RecordedEvent): void {
    this.eventsRead += 1;
    if (recorded.recordedAt > this.lastRecordedAt) this.lastRecordedAt = recorded.recordedAt;
    this.reattribution.apply(recorded);
    this.tally(applyLedgerEvent(this.ledger, recorded, this.current), this.balances);
    this.risk?.apply(recorded);
  }

  /** Books the candidate's revisions on the ledger fold's own state and compares both sides. */
  result(): SimulationResult {
    const planChanged = this.options.plan.version !== this.current.plan.version;
    type Booked = Array<SimulatedCredit & { clawedBack: string }>;
    const revisions = planChanged ? this.reattribution.inForce() : this.reattribution.revisions();
    // Judged on the recorded commissions, before the candidate's revisions are booked.
    const risk = this.risk?.result(this.ledger) ?? null;
    const compared = [...this.ledger.values('conversion')].filter((conversion) => this.inRange(conversion.conversionTime));
    const before = new Map(
      compared.map((conversion) => [
        conversion.conversionId,
        this.credits(conversion, this.reattribution.recordedCredits(conversion.decidedFor) ?? []),
      ]),
    );
    const tiersBefore = new Map(
      [...this.ledger.values('partner')].map((partner) => [partner.partnerId, { tier: partner.tier, history: tierSteps(partner.history) }]),
    );
    const revisedBalances = new BalanceTally(this.options.asOf ?? null);
    const effectiveFrom = this.options.from ?? new Date(-8.64e15).toISOString();
    const simulated = (type: string, id: string, position: number, data: object): RecordedEvent => ({
      position,
      streamId: `simulation-${id}`,
      revision: 0,
      recordedAt: this.lastRecordedAt,
      event: { specversion: '1.0', id, source: LEDGER_SOURCE, type, time: this.lastRecordedAt, data },
    });
    // The very events an adoption records: one revision per changed conversion, then the change is applied.
    revisions.forEach((revision, index) => {
      const data: AttributionRevisedData = {
        adoptionId: SIMULATED_ADOPTION,
        effectiveFrom,
        conversionId: revision.decision.conversionId,
        replaced: revision.replaced,
        decision: revision.decision,
      };
      this.tally(
        applyLedgerEvent(
          this.ledger,
          simulated(ATTRIBUTION_REVISED, `simulated:${index}`, Number.MAX_SAFE_INTEGER - revisions.length - 1 + index, data),
          this.simulated,
        ),
        revisedBalances,
      );
    });
    const applied: PolicyAppliedData = {
      adoptionId: SIMULATED_ADOPTION,
      effectiveFrom,
      revisedConversions: revisions.length,
      ...(this.options.to ? { effectiveUntil: this.options.to } : {}),
    };
    this.tally(
      applyLedgerEvent(this.ledger, simulated(POLICY_APPLIED, 'simulated:applied', Number.MAX_SAFE_INTEGER - 1, applied), this.simulated),
      revisedBalances,
    );

    const sums = new Map<string, { cr: Dec; sr: Dec; cc: Dec; sc: Dec; cb: Dec; sb: Dec }>();
    const conversions: ConversionDiff[] = [];
    for (const conversion of compared) {
      const current = before.get(conversion.conversionId) as Booked;
      const simulated = this.credits(conversion, conversion.credits ?? []);
      for (const [side, list] of [
        ['c', current],
        ['s', simulated],
      ] as const) {
        for (const credit of list) {
          const k = `${credit.partnerId}\u0000${conversion.currency}`;
          const entry = sums.get(k) ?? { cr: new Dec(0), sr: new Dec(0), cc: new Dec(0), sc: new Dec(0), cb: new Dec(0), sb: new Dec(0) };
          if (side === 'c') {
            entry.cr = entry.cr.plus(credit.revenue);
            entry.cc = entry.cc.plus(credit.commission ?? 0);
            entry.cb = entry.cb.plus(credit.clawedBack);
          } else {
            entry.sr = entry.sr.plus(credit.revenue);
            entry.sc = entry.sc.plus(credit.commission ?? 0);
            entry.sb = entry.sb.plus(credit.clawedBack);
          }
          sums.set(k, entry);
        }
      }
      const strip = (list: Booked): SimulatedCredit[] => list.map(({ clawedBack: _clawedBack, ...credit }) => credit);
      if (JSON.stringify(strip(current)) !== JSON.stringify(strip(simulated))) {
        conversions.push({
          conversionId: conversion.conversionId,
          conversionTime: conversion.conversionTime,
          currency: conversion.currency,
          amount: conversion.amount,
          current: strip(current),
          simulated: strip(simulated),
        });
      }
    }
    conversions.sort((a, b) =>
      a.conversionTime < b.conversionTime ? -1 : a.conversionTime > b.conversionTime ? 1 : a.conversionId < b.conversionId ? -1 : 1,
    );

    const partners: PartnerDiff[] = [...sums]
      .map(([k, s]) => {
        const [partnerId, currency] = k.split('\u0000');
        const amount = (value: Dec) => formatAmount(value, currency);
        return {
          partnerId,
          currency,
          currentRevenue: amount(s.cr),
          simulatedRevenue: amount(s.sr),
          currentCommission: amount(s.cc),
          simulatedCommission: amount(s.sc),
          commissionDelta: amount(s.sc.minus(s.cc)),
          currentClawedBack: amount(s.cb),
          simulatedClawedBack: amount(s.sb),
          currentBalance: this.balances.balance(partnerId, currency),
          simulatedBalance: this.balances.balance(partnerId, currency, revisedBalances),
        };
      })
      .sort((a, b) =>
        a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0,
      );
    const tiers: TierDiff[] = [];
    for (const partner of this.ledger.values('partner')) {
      const before = tiersBefore.get(partner.partnerId) ?? { tier: 'registered' as const, history: [] };
      const after = tierSteps(partner.history);
      if (JSON.stringify(before.history) === JSON.stringify(after)) continue;
      tiers.push({
        partnerId: partner.partnerId,
        currentTier: before.tier,
        simulatedTier: partner.tier,
        currentHistory: before.history,
        simulatedHistory: after,
      });
    }
    tiers.sort((a, b) => (a.partnerId < b.partnerId ? -1 : 1));
    return {
      policyVersion: this.options.policy?.version ?? null,
      retract: this.options.retract ?? null,
      planVersion: this.options.plan.version,
      from: this.options.from ?? null,
      to: this.options.to ?? null,
      asOf: this.options.asOf ?? null,
      eventsRead: this.eventsRead,
      conversionsCompared: compared.length,
      conversionsChanged: conversions.length,
      partners,
      totals: totalsOf(partners),
      conversions,
      tiers,
      risk,
    };
  }

  private tally(outputs: LedgerOutput[], balances: BalanceTally): void {
    for (const output of outputs) {
      if (output.kind === 'transaction') for (const line of output.transaction.lines) balances.add(line);
    }
  }

  private inRange(time: string): boolean {
    const at = Date.parse(time);
    return at >= this.from && at <= this.to;
  }

  /** The conversion's booked credits (revenue from its decision, commission and clawback from the ledger). */
  private credits(conversion: ConversionEntity, credits: readonly Credit[]): Array<SimulatedCredit & { clawedBack: string }> {
    return credits.map((credit) => {
      const accrual = conversion.accruals.find((a) => a.partnerId === credit.partnerId);
      return {
        partnerId: credit.partnerId,
        weight: credit.weight,
        revenue: credit.revenue,
        commission: accrual ? accrual.commission : null,
        clawedBack: accrual ? accrual.clawedBack : formatAmount(new Dec(0), conversion.currency),
      };
    });
  }
}

function tierSteps(history: ReadonlyArray<{ to: TierStep['tier']; at: string }>): TierStep[] {
  return history.map((change) => ({ tier: change.to, at: change.at }));
}

function totalsOf(rows: PartnerDiff[]): CurrencyTotal[] {
  const totals = new Map<string, { cr: Dec; sr: Dec; cc: Dec; sc: Dec }>();
  for (const row of rows) {
    const t = totals.get(row.currency) ?? { cr: new Dec(0), sr: new Dec(0), cc: new Dec(0), sc: new Dec(0) };
    totals.set(row.currency, {
      cr: t.cr.plus(row.currentRevenue),
      sr: t.sr.plus(row.simulatedRevenue),
      cc: t.cc.plus(row.currentCommission),
      sc: t.sc.plus(row.simulatedCommission),
    });
  }
  return [...totals]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, t]) => ({
      currency,
      currentRevenue: formatAmount(t.cr, currency),
      simulatedRevenue: formatAmount(t.sr, currency),
      currentCommission: formatAmount(t.cc, currency),
      simulatedCommission: formatAmount(t.sc, currency),
      commissionDelta: formatAmount(t.sc.minus(t.cc), currency),
    }));
}
