import type { RecordedEvent } from '@ledger/contracts';
import { screenHistory } from '@ledger/risk/domain/testing/screened-history';
import { DEFAULT_DEMO_OPTIONS } from './demo-options';
import { demoProgram } from './demo-program';

/*
 * Issue 18's promise about the demo: under the default risk policy, every planted pattern is
 * flagged with its evidence and nothing else is. A refund-heavy partner is a pattern of the
 * partner, so each of its conversions the rule holds belongs to the plant.
 */
describe('the demo program’s planted risk patterns (default options)', () => {
  const months = [...demoProgram(DEFAULT_DEMO_OPTIONS)];
  const planted = months.flatMap((month) => month.planted);
  const events: RecordedEvent[] = months
    .flatMap((month) => month.events)
    .map((event, index) => ({ position: index + 1, streamId: 'demo', revision: 0, recordedAt: event.time, event }));
  const { flags } = screenHistory(events);

  it('plants two patterns of each signal', () => {
    const counts = planted.reduce<Record<string, number>>((sum, p) => ({ ...sum, [p.signal]: (sum[p.signal] ?? 0) + 1 }), {});
    expect(counts).toEqual({ self_referral: 2, click_velocity: 2, refund_rate: 2, new_partner_large_deal: 2 });
  });

  it('flags every planted conversion with its signal and evidence', () => {
    for (const pattern of planted) {
      const flag = flags.find((f) => f.conversionId === pattern.conversionId && f.partnerId === pattern.partnerId);
      expect({ pattern: pattern.conversionId, signals: flag?.signals.map((s) => s.signal) }).toEqual({
        pattern: pattern.conversionId,
        signals: [pattern.signal],
      });
      expect(flag?.signals[0].evidence).toContain(pattern.partnerId);
    }
  });

  it('flags nothing else: each flag is a planted conversion, or a conversion of the planted refund-heavy partner', () => {
    const plantedConversions = new Set(planted.map((p) => `${p.signal}|${p.partnerId}|${p.conversionId}`));
    const refundHeavy = new Set(planted.filter((p) => p.signal === 'refund_rate').map((p) => p.partnerId));
    const unexplained = flags.filter(
      (flag) =>
        !flag.signals.every(
          (s) =>
            plantedConversions.has(`${s.signal}|${flag.partnerId}|${flag.conversionId}`) ||
            (s.signal === 'refund_rate' && refundHeavy.has(flag.partnerId)),
        ),
    );
    expect(unexplained.map((flag) => [flag.partnerId, flag.conversionId, flag.signals.map((s) => s.evidence)])).toEqual([]);
  });
});
