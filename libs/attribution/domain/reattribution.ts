import { LEDGER_SOURCE, type RecordedEvent } from '@ledger/contracts';
import type { AttributionOptions } from './policy-timeline';
import { applyEvent } from './apply-event';
import { AttributionState } from './attribution-state';
import { type DealRegistrationRejected } from './decision';
import { ATTRIBUTION_DECIDED, type AttributionDecision, type Credit } from '@ledger/contracts';
import { ATTRIBUTION_REVISED, type AttributionRevisedData, type ReplacedDecision } from '@ledger/contracts';

/** Business times (epoch ms, bounds included) whose conversions may be revised. */
export interface RevisionRange {
  from: number;
  to: number;
}

export interface Revision {
  replaced: ReplacedDecision;
  decision: AttributionDecision;
}

export interface ReattributionScope {
  /** Upstream facts at or after this position are not folded (an adoption judges the history before it). */
  upstreamBefore?: number;
  /** Which recorded revisions count as in force (an adoption ignores its own and later ones, met in a rebuild). */
  countsRevision?: (adoptionId: string) => boolean;
  /** Keep fresh decisions without their candidates (a simulation reports credits only; saves memory). */
  compact?: boolean;
}

const causeKey = (decision: AttributionDecision) => `${decision.cause.source}\u0000${decision.cause.id}`;

/**
 * Re-attributes a stored history under a set of policies (the ones adopted so far plus a new one):
 * upstream facts go through the pure engine from an empty state, the decisions already recorded are
 * collected as they are in force, and `revisions()` lists the conversions in range whose credits
 * differ. Adoption (which records the revisions) and simulation (which only reports them) both use
 * it, so a simulation predicts an adoption exactly. The state it ends with is the state the live fold
 * continues from once the policy is adopted.
 */
export class Reattribution {
  private readonly recorded = new Map<string, ReplacedDecision>();
  private readonly fresh = new Map<string, AttributionDecision>();
  private readonly rejectedByLedger = new Set<string>();
  private readonly rejected: Array<{ rejection: DealRegistrationRejected; registeredAt: string }> = [];

  constructor(
    private readonly options: AttributionOptions,
    private readonly range: RevisionRange,
    readonly state: AttributionState = new AttributionState({ trackDirty: false }),
    private readonly scope: ReattributionScope = {},
  ) {}

  apply(event: RecordedEvent): void {
    const { source, type, id, data } = event.event;
    if (source === LEDGER_SOURCE) {
      if (type === ATTRIBUTION_DECIDED) this.record(data as AttributionDecision, id);
      else if (type === ATTRIBUTION_REVISED) {
        const revised = data as AttributionRevisedData;
        if (this.scope.countsRevision?.(revised.adoptionId) ?? true) this.record(revised.decision, id);
      } else if (type === 'deal.rejected') this.rejectedByLedger.add((data as { dealId: string }).dealId);
      // The ledger's own automatic rejections go through like the live fold's (no-ops when repeated).
      if (type !== 'deal.rejected') return;
    }
    if (this.scope.upstreamBefore !== undefined && event.position >= this.scope.upstreamBefore) return;
    for (const output of applyEvent(this.state, event, this.options)) {
      if (output.kind === 'registration_rejected') this.rejected.push({ rejection: output.rejection, registeredAt: event.event.time });
      else if (this.inRange(output.decision))
        this.fresh.set(causeKey(output.decision), this.scope.compact ? { ...output.decision, candidates: [] } : output.decision);
    }
  }

  /** A decision recorded (or about to be) by the event `recordedBy`; the latest per conversion event is in force. */
  record(decision: AttributionDecision, recordedBy: string): void {
    if (!this.inRange(decision)) return;
    this.recorded.set(causeKey(decision), { policyVersion: decision.policyVersion, credits: decision.credits, recordedBy });
  }

  /** Conversions in range whose fresh credits differ from the recorded ones, in global order of their conversion events. */
  revisions(): Revision[] {
    return this.inForce().filter((revision) => !sameCredits(revision.replaced.credits, revision.decision.credits));
  }

  /** Every conversion in range with a recorded decision, paired with its fresh one (a plan change re-books them all). */
  inForce(): Revision[] {
    const pairs: Revision[] = [];
    for (const [key, decision] of this.fresh) {
      const replaced = this.recorded.get(key);
      if (replaced) pairs.push({ replaced, decision });
    }
    return pairs.sort((a, b) => a.decision.cause.position - b.decision.cause.position);
  }

  /** The credits recorded in force for a conversion event, if it is in range. */
  recordedCredits(cause: { source: string; id: string }): Credit[] | undefined {
    return this.recorded.get(`${cause.source}\u0000${cause.id}`)?.credits;
  }

  /** Registrations these policies refuse that the ledger has not rejected yet. */
  newRejections(): Array<{ rejection: DealRegistrationRejected; registeredAt: string }> {
    return this.rejected.filter(({ rejection }) => !this.rejectedByLedger.has(rejection.dealId));
  }

  private inRange(decision: AttributionDecision): boolean {
    const at = Date.parse(decision.conversionTime);
    return at >= this.range.from && at <= this.range.to;
  }
}

function sameCredits(a: AttributionDecision['credits'], b: AttributionDecision['credits']): boolean {
  return (
    a.length === b.length &&
    a.every((credit, i) => credit.partnerId === b[i].partnerId && credit.weight === b[i].weight && credit.revenue === b[i].revenue)
  );
}
