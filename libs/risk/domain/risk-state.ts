import type { RiskPolicy } from '@ledger/contracts';
import { KeyedState, type KeyedStateOptions } from '@ledger/kernel';

/*
 * What risk screening remembers between events, as JSON entities (see KeyedState), so the reactor
 * can persist exactly what it reads and resume from it. Times are epoch milliseconds; positions
 * are global positions, which is how every signal sees only the history before its conversion.
 */

/** Every enrolment of the partner in global order: [business time, website domain or null, position]. */
export interface RiskPartnerEntity {
  enrolments: [number, string | null, number][];
}

/** One visitor's clicks, in global order: [partnerId, business time, position, click event id]. */
export interface RiskVisitorEntity {
  clicks: [string, number, number, string][];
}

export interface CreditedShare {
  partnerId: string;
  revenue: string;
}

/** A decided conversion: what refunds are measured against. */
export interface RiskConversionEntity {
  currency: string;
  amount: string;
  at: number;
  position: number;
  credits: CreditedShare[];
  /** Refunds in global order: [amount, position]. */
  refunds: [string, number][];
}

/** A partner's credited conversions by business time, then global order: [conversionId, business time, position, currency, credited revenue]. */
export interface RiskCreditsEntity {
  conversions: [string, number, number, string, string][];
}

export interface RiskPolicyEntity {
  adoptionId: string | null;
  policy: RiskPolicy;
}

export interface RiskEntities {
  partner: RiskPartnerEntity;
  visitor: RiskVisitorEntity;
  /** Click event id → visitor id: the winning click of a decision names only its event. */
  click: string;
  conversion: RiskConversionEntity;
  credits: RiskCreditsEntity;
  policy: RiskPolicyEntity;
  /** Refunds that arrived before their conversion's decision: [amount, position]. */
  early_refunds: [string, number][];
}

export const RISK_ENTITY_KINDS = ['partner', 'visitor', 'click', 'conversion', 'credits', 'policy', 'early_refunds'] as const;

export class RiskState extends KeyedState<RiskEntities> {
  constructor(options: KeyedStateOptions = {}) {
    super(RISK_ENTITY_KINDS, options);
  }
}

/** Key of the single policy entity. */
export const POLICY_IN_FORCE = 'in-force';
