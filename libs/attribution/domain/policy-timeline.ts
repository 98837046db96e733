import type { AttributionPolicy } from '@ledger/contracts';

/** A policy adopted by finance, in force for business times from `effectiveFrom` on (ISO 8601 UTC). */
export interface PolicyAdoption {
  policy: AttributionPolicy;
  effectiveFrom: string;
  /** Names the adoption, so a retraction can take it out of the set. */
  adoptionId?: string;
}

/**
 * The policy in force at business time `at`: of the adoptions effective by then, the one adopted
 * last (a later adoption overrides earlier ones from its own date on); the base policy before any.
 */
export function policyAt(options: AttributionOptions, at: number): AttributionPolicy {
  const adoptions = options.adoptions ?? [];
  for (let i = adoptions.length - 1; i >= 0; i--) {
    if (Date.parse(adoptions[i].effectiveFrom) <= at) return adoptions[i].policy;
  }
  return options.policy;
}

/** The options with the policy in force at `at` as their policy (the same object when nothing was adopted). */
export function optionsAt(options: AttributionOptions, at: number): AttributionOptions {
  if (!options.adoptions || options.adoptions.length === 0) return options;
  const policy = policyAt(options, at);
  return policy === options.policy ? options : { ...options, policy };
}

export interface AttributionOptions {
  /** The policy in force when nothing else was adopted (default-v1 for the live ledger). */
  policy: AttributionPolicy;
  /** Policies adopted since, in the order they were adopted; each governs from its effective date on. */
  adoptions?: readonly PolicyAdoption[];
  /** The commission plan's recurring window, in calendar months from the first credited conversion. */
  recurringMonths: number;
}
