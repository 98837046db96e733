import type { RiskSignal } from '../risk-signal';

/** Compared as account domains are (SPEC §3): lower-cased, one leading "www." dropped. */
function comparable(domain: string): string {
  const lower = domain.trim().toLowerCase();
  return lower.startsWith('www.') ? lower.slice(4) : lower;
}

/** The customer's account is the credited partner's own website (`websiteDomain` of its enrolment). */
export function selfReferral(
  conversion: { conversionId: string; accountDomain?: string },
  partner: { partnerId: string; websiteDomain?: string },
): RiskSignal | null {
  if (!conversion.accountDomain || !partner.websiteDomain) return null;
  if (comparable(conversion.accountDomain) !== comparable(partner.websiteDomain)) return null;
  return {
    signal: 'self_referral',
    evidence: `account domain ${conversion.accountDomain} of ${conversion.conversionId} is the website of ${partner.partnerId} (${partner.websiteDomain})`,
    figures: { accountDomain: conversion.accountDomain, websiteDomain: partner.websiteDomain },
  };
}
