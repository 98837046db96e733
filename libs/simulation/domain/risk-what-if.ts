import { LEDGER_SOURCE, type RecordedEvent, type RiskFlaggedData, type RiskPolicy, type RiskSignalKind } from '@ledger/contracts';
import type { LedgerState } from '@ledger/ledger/domain';
import { Dec, formatAmount } from '@ledger/kernel';
import { applyRiskEvent, RiskState } from '@ledger/risk/domain';

/** One commission a risk policy holds: its partner, conversion, signals and the commission booked. */
export interface WhatIfFlag {
  conversionId: string;
  partnerId: string;
  currency: string;
  commission: string;
  signals: RiskSignalKind[];
}

export interface RiskSideTotal {
  currency: string;
  flags: number;
  held: string;
}

/** What the recorded flags held and what the candidate risk policy would have held, over the simulated period. */
export interface RiskWhatIfResult {
  policyVersion: string;
  current: RiskSideTotal[];
  simulated: RiskSideTotal[];
  /** The candidate's flags, in conversion order (at most MAX_LISTED). */
  flags: WhatIfFlag[];
  /** Flags the candidate raises that were not recorded, and recorded ones it would not raise. */
  added: number;
  removed: number;
}

const MAX_LISTED = 1000;

/**
 * Screens the stored history again under a candidate risk policy (the same pure fold the live risk
 * reactor runs, with the candidate in place of every adopted policy) next to the flags actually
 * recorded, for decisions on conversions in [from, to]. Amounts come from the ledger fold's accruals.
 */
export class RiskWhatIf {
  private readonly state = new RiskState({ trackDirty: false });
  private readonly simulated: RiskFlaggedData[] = [];
  private readonly recorded: RiskFlaggedData[] = [];
  private readonly times = new Map<string, number>();

  constructor(
    private readonly policy: RiskPolicy,
    private readonly inRange: (time: string) => boolean,
  ) {}

  apply(recorded: RecordedEvent): void {
    const { event } = recorded;
    if (event.source === LEDGER_SOURCE && event.type === 'risk.flagged') this.recorded.push(event.data as RiskFlaggedData);
    if (event.source === LEDGER_SOURCE && event.type === 'attribution.decided') {
      const { conversionId, conversionTime } = event.data as { conversionId: string; conversionTime: string };
      if (!this.inRange(conversionTime)) {
        // Still learned from (refund rates count it), never screened.
        applyRiskEvent(this.state, recorded, { policy: this.policy, override: { version: this.policy.version } });
        return;
      }
      this.times.set(conversionId, Date.parse(conversionTime));
    }
    this.simulated.push(...applyRiskEvent(this.state, recorded, { policy: this.policy, override: this.policy }));
  }

  result(ledger: LedgerState): RiskWhatIfResult {
    const key = (flag: RiskFlaggedData) => `${flag.conversionId}\u0000${flag.partnerId}`;
    const current = this.recorded.filter((flag) => this.times.has(flag.conversionId));
    const currentKeys = new Set(current.map(key));
    const simulatedKeys = new Set(this.simulated.map(key));
    const withAmounts = (flags: RiskFlaggedData[]): WhatIfFlag[] =>
      flags.flatMap((flag) => {
        const conversion = ledger.get('conversion', flag.conversionId);
        const accrual = conversion?.accruals.find((a) => a.partnerId === flag.partnerId);
        if (!conversion || !accrual) return [];
        return [
          {
            conversionId: flag.conversionId,
            partnerId: flag.partnerId,
            currency: conversion.currency,
            commission: accrual.commission,
            signals: flag.signals.map((signal) => signal.signal),
          },
        ];
      });
    const simulated = withAmounts(this.simulated).sort(
      (a, b) => (this.times.get(a.conversionId) ?? 0) - (this.times.get(b.conversionId) ?? 0) || (a.partnerId < b.partnerId ? -1 : 1),
    );
    return {
      policyVersion: this.policy.version,
      current: totals(withAmounts(current)),
      simulated: totals(simulated),
      flags: simulated.slice(0, MAX_LISTED),
      added: [...simulatedKeys].filter((k) => !currentKeys.has(k)).length,
      removed: [...currentKeys].filter((k) => !simulatedKeys.has(k)).length,
    };
  }
}

function totals(flags: WhatIfFlag[]): RiskSideTotal[] {
  const sums = new Map<string, { flags: number; held: Dec }>();
  for (const flag of flags) {
    const sum = sums.get(flag.currency) ?? { flags: 0, held: new Dec(0) };
    sums.set(flag.currency, { flags: sum.flags + 1, held: sum.held.plus(flag.commission) });
  }
  return [...sums]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, sum]) => ({ currency, flags: sum.flags, held: formatAmount(sum.held, currency) }));
}
