import { ATTRIBUTION_DECIDED, AttributionState, applyEvent, type AttributionDecision, type AttributionPolicy } from '@ledger/attribution';
import type { CommissionPlan } from '@ledger/commission';
import { LEDGER_SOURCE, type RecordedEvent } from '@ledger/events';
import { DEFAULT_LEDGER_OPTIONS, LedgerState, applyLedgerEvent, type LedgerOptions, type LedgerOutput } from '@ledger/ledger';
import { Dec, formatAmount } from '@ledger/money';
import type { ConversionDiff, CurrencyTotal, PartnerDiff, SimulatedCredit, SimulationResult } from './simulation-result';

export interface SimulationOptions {
  policy: AttributionPolicy;
  plan: CommissionPlan;
  /** The plan the live ledger runs (the "current" side); default-v1. */
  currentLedger?: LedgerOptions;
  /** Only conversions whose business time falls in [from, to] are compared; the whole history is replayed. */
  from?: string | null;
  to?: string | null;
}

interface Side {
  ledger: LedgerState;
  options: LedgerOptions;
  decisions: Map<string, AttributionDecision>;
  /** Clawbacks on compared conversions, per partner and currency. */
  clawedBack: Map<string, Dec>;
}

const key = (...parts: string[]) => parts.join('\u0000');

/**
 * A what-if replay: the stored history, in global order, goes through the same pure attribution and
 * ledger folds twice — once as recorded (the decisions in the store, the live plan) and once under a
 * candidate policy and plan — and the two are compared. Read-only by construction: it holds its own
 * in-memory states and never sees a store or a database.
 *
 * A simulated decision enters the simulated ledger where the recorded decision of the same
 * conversion event entered the real one, so tiers and refunds see the same order on both sides.
 */
export class Simulation {
  private readonly attribution = new AttributionState({ trackDirty: false });
  private readonly current: Side;
  private readonly simulated: Side;
  /** Simulated decisions waiting for the position of their recorded counterpart, by conversion event. */
  private readonly waiting = new Map<string, AttributionDecision[]>();
  /** Conversion ids in the order they were first decided (on either side), for a stable diff. */
  private readonly order: string[] = [];
  private readonly remembered = new Set<string>();
  private eventsRead = 0;
  private readonly from: number;
  private readonly to: number;

  constructor(private readonly options: SimulationOptions) {
    const side = (ledger: LedgerOptions): Side => ({ ledger: new LedgerState(), options: ledger, decisions: new Map(), clawedBack: new Map() });
    this.current = side(options.currentLedger ?? DEFAULT_LEDGER_OPTIONS);
    this.simulated = side({ plan: options.plan, tierProgram: (options.currentLedger ?? DEFAULT_LEDGER_OPTIONS).tierProgram });
    this.from = options.from ? Date.parse(options.from) : -Infinity;
    this.to = options.to ? Date.parse(options.to) : Infinity;
  }

  apply(recorded: RecordedEvent): void {
    this.eventsRead += 1;
    const { event } = recorded;
    if (event.source === LEDGER_SOURCE && event.type === ATTRIBUTION_DECIDED) {
      const decision = event.data as AttributionDecision;
      this.feed(this.current, recorded, decision);
      const cause = key(decision.cause.source, decision.cause.id);
      for (const simulated of this.waiting.get(cause) ?? []) this.feed(this.simulated, recorded, simulated);
      this.waiting.delete(cause);
      return;
    }
    if (event.source !== LEDGER_SOURCE || event.type === 'deal.rejected') {
      for (const output of applyEvent(this.attribution, recorded, { policy: this.options.policy, recurringMonths: this.options.plan.recurringMonths })) {
        if (output.kind !== 'decision') continue;
        const cause = key(output.decision.cause.source, output.decision.cause.id);
        this.waiting.set(cause, [...(this.waiting.get(cause) ?? []), output.decision]);
      }
    }
    // Everything else the ledger reads (enrollments, refunds, payouts...) goes to both sides alike.
    if (event.type !== ATTRIBUTION_DECIDED) {
      this.collect(this.current, applyLedgerEvent(this.current.ledger, recorded, this.current.options));
      this.collect(this.simulated, applyLedgerEvent(this.simulated.ledger, recorded, this.simulated.options));
    }
  }

  /** Compares both sides; simulated decisions whose recorded counterpart never came are booked last. */
  result(): SimulationResult {
    for (const decisions of this.waiting.values()) {
      for (const decision of decisions) this.feed(this.simulated, syntheticDecisionEvent(decision), decision);
    }
    this.waiting.clear();
    const partners = new Map<string, { current: Dec; simulated: Dec; currentCommission: Dec; simulatedCommission: Dec }>();
    const bucket = (partnerId: string, currency: string) => {
      const k = key(partnerId, currency);
      let entry = partners.get(k);
      if (!entry) {
        entry = { current: new Dec(0), simulated: new Dec(0), currentCommission: new Dec(0), simulatedCommission: new Dec(0) };
        partners.set(k, entry);
      }
      return entry;
    };
    const conversions: ConversionDiff[] = [];
    let compared = 0;
    for (const conversionId of this.order) {
      const current = this.current.decisions.get(conversionId);
      const simulated = this.simulated.decisions.get(conversionId);
      const reference = (current ?? simulated) as AttributionDecision;
      const time = Date.parse(reference.conversionTime);
      if (time < this.from || time > this.to) continue;
      compared += 1;
      const currentCredits = this.credits(this.current, current);
      const simulatedCredits = this.credits(this.simulated, simulated);
      for (const credit of currentCredits) {
        const entry = bucket(credit.partnerId, reference.amount.currency);
        entry.current = entry.current.plus(credit.revenue);
        entry.currentCommission = entry.currentCommission.plus(credit.commission ?? 0);
      }
      for (const credit of simulatedCredits) {
        const entry = bucket(credit.partnerId, reference.amount.currency);
        entry.simulated = entry.simulated.plus(credit.revenue);
        entry.simulatedCommission = entry.simulatedCommission.plus(credit.commission ?? 0);
      }
      if (JSON.stringify(currentCredits) !== JSON.stringify(simulatedCredits)) {
        conversions.push({ conversionId, conversionTime: reference.conversionTime, currency: reference.amount.currency, amount: reference.amount.amount, current: currentCredits, simulated: simulatedCredits });
      }
    }
    const partnerRows: PartnerDiff[] = [...partners]
      .map(([k, sums]) => {
        const [partnerId, currency] = k.split('\u0000');
        const clawed = (side: Side) => formatAmount(side.clawedBack.get(k) ?? new Dec(0), currency);
        return {
          partnerId,
          currency,
          currentRevenue: formatAmount(sums.current, currency),
          simulatedRevenue: formatAmount(sums.simulated, currency),
          currentCommission: formatAmount(sums.currentCommission, currency),
          simulatedCommission: formatAmount(sums.simulatedCommission, currency),
          commissionDelta: formatAmount(sums.simulatedCommission.minus(sums.currentCommission), currency),
          currentClawedBack: clawed(this.current),
          simulatedClawedBack: clawed(this.simulated),
        };
      })
      .sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
    return {
      policyVersion: this.options.policy.version,
      planVersion: this.options.plan.version,
      from: this.options.from ?? null,
      to: this.options.to ?? null,
      eventsRead: this.eventsRead,
      conversionsCompared: compared,
      conversionsChanged: conversions.length,
      partners: partnerRows,
      totals: totalsOf(partnerRows),
      conversions,
    };
  }

  private feed(side: Side, recorded: RecordedEvent, decision: AttributionDecision): void {
    if (!side.decisions.has(decision.conversionId)) side.decisions.set(decision.conversionId, decision);
    this.remember(decision.conversionId);
    const event = side === this.current ? recorded : { ...recorded, event: { ...recorded.event, data: decision } };
    this.collect(side, applyLedgerEvent(side.ledger, event, side.options));
  }

  private remember(conversionId: string): void {
    if (this.remembered.has(conversionId)) return;
    this.remembered.add(conversionId);
    this.order.push(conversionId);
  }

  private collect(side: Side, outputs: LedgerOutput[]): void {
    for (const output of outputs) {
      if (output.kind !== 'transaction') continue;
      for (const line of output.transaction.lines) {
        if (line.account !== 'partner_commission' || line.conversionId === null) continue;
        if (line.kind === 'clawback' && this.inRange(side, line.conversionId)) {
          const k = key(line.partnerId, line.currency);
          side.clawedBack.set(k, (side.clawedBack.get(k) ?? new Dec(0)).plus(line.debit));
        }
      }
    }
  }

  private inRange(side: Side, conversionId: string): boolean {
    const decision = side.decisions.get(conversionId);
    if (!decision) return false;
    const time = Date.parse(decision.conversionTime);
    return time >= this.from && time <= this.to;
  }

  private credits(side: Side, decision: AttributionDecision | undefined): SimulatedCredit[] {
    if (!decision) return [];
    const booked = side.ledger.get('conversion', decision.conversionId);
    return decision.credits.map((credit) => {
      const accrual = booked?.accruals.find((a) => a.partnerId === credit.partnerId);
      return { partnerId: credit.partnerId, weight: credit.weight, revenue: credit.revenue, commission: accrual ? accrual.commission : null };
    });
  }
}

function syntheticDecisionEvent(decision: AttributionDecision): RecordedEvent {
  return {
    position: decision.cause.position,
    streamId: `attribution-${decision.conversionId}`,
    revision: 0,
    recordedAt: decision.conversionTime,
    event: { specversion: '1.0', id: `simulated:${decision.cause.source}:${decision.cause.id}`, source: LEDGER_SOURCE, type: ATTRIBUTION_DECIDED, time: decision.conversionTime, data: decision },
  };
}

function totalsOf(rows: PartnerDiff[]): CurrencyTotal[] {
  const totals = new Map<string, { cr: Dec; sr: Dec; cc: Dec; sc: Dec }>();
  for (const row of rows) {
    const t = totals.get(row.currency) ?? { cr: new Dec(0), sr: new Dec(0), cc: new Dec(0), sc: new Dec(0) };
    totals.set(row.currency, { cr: t.cr.plus(row.currentRevenue), sr: t.sr.plus(row.simulatedRevenue), cc: t.cc.plus(row.currentCommission), sc: t.sc.plus(row.simulatedCommission) });
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
