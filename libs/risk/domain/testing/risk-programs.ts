import fc from 'fast-check';
import { historyArbitrary } from '@ledger/attribution/domain/testing/arbitraries';
import type { RecordedEvent } from '@ledger/contracts';
import { DEFAULT_RISK_POLICY } from '../risk-policy';

const DOMAINS = ['acme.com', 'beta.io', 'gamma.org'];

/** Random programs with websites, refunds of conversions and click bursts, so every signal fires now and then. */
export const programArbitrary: fc.Arbitrary<RecordedEvent[]> = fc
  .tuple(historyArbitrary, fc.array(fc.record({ at: fc.nat(), ms: fc.nat(3_600_000) }), { maxLength: 20 }))
  .map(([events, refunds]) => {
    const out: RecordedEvent[] = events.map((recorded) => {
      if (recorded.event.type !== 'partner.enrolled') return recorded;
      const data = recorded.event.data as { partnerId: string };
      const websiteDomain = DOMAINS[Number(data.partnerId.slice(2)) % 4];
      return { ...recorded, event: { ...recorded.event, data: websiteDomain ? { ...data, websiteDomain } : data } };
    });
    const won = events.filter((recorded) => recorded.event.type === 'deal.closed_won' || recorded.event.type === 'invoice.paid');
    for (const refund of refunds) {
      if (won.length === 0) break;
      const conversion = won[refund.at % won.length];
      const data = conversion.event.data as { conversionId?: string; invoiceId?: string; amount: { amount: string; currency: string } };
      const index = Math.min(out.length, out.indexOf(conversion) + 1 + (refund.at % 7));
      out.splice(index, 0, {
        position: 0,
        streamId: 'refund',
        revision: 0,
        recordedAt: conversion.recordedAt,
        event: {
          specversion: '1.0',
          id: `refund-${out.length}`,
          source: 'prop',
          type: 'invoice.refunded',
          time: new Date(Date.parse(conversion.event.time) + refund.ms).toISOString(),
          data: { conversionId: data.conversionId ?? data.invoiceId, amount: data.amount },
        },
      });
    }
    return out.map((recorded, index) => ({ ...recorded, position: index + 1 }));
  });

/** A policy whose every signal trips easily on the random programs. */
export const aggressive = {
  ...DEFAULT_RISK_POLICY,
  version: 'aggressive',
  clickVelocity: { maxClicks: 1, withinMinutes: 600 },
  refundRate: { threshold: '0.1', minConversions: 1, windowDays: 365 },
  newPartnerLargeDeal: { withinDays: 365, amount: { USD: '1.00', JPY: '1', KWD: '0.001' } },
};
