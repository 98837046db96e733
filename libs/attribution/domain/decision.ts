import { type AttributionDecision, type Cause } from '@ledger/contracts';

export type RegistrationRejectionCode = 'conflict' | 'already_held' | 'reserved' | 'unknown_partner' | 'inactive_partner';

/** A `deal.registered` the ledger must reject on its own (it records a `deal.rejected` for it). */
export interface DealRegistrationRejected {
  dealId: string;
  partnerId: string;
  accountDomain: string;
  code: RegistrationRejectionCode;
  reason: string;
  /** For conflicts: the registration holding the domain and when its protection ends. */
  heldBy?: { partnerId: string; dealId: string; until: string };
  cause: Cause;
}

export type AttributionOutput =
  { kind: 'decision'; decision: AttributionDecision } | { kind: 'registration_rejected'; rejection: DealRegistrationRejected };
