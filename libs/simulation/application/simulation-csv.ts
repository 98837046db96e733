import { writeCsv } from '@ledger/platform/csv';
import type { SimulatedCredit, SimulationResult } from '@ledger/simulation/domain';

const credits = (list: SimulatedCredit[]) => list.map((c) => `${c.partnerId}:${c.weight}:${c.revenue}:${c.commission ?? ''}`).join(' ');

/**
 * The diff as CSV: one row per partner and currency that a changed conversion touches, with the
 * current and simulated credited revenue and commission of that conversion, so a spreadsheet can
 * pivot by partner or by conversion.
 */
export function simulationDiffToCsv(result: SimulationResult): string {
  const rows: string[][] = [];
  for (const conversion of result.conversions) {
    const partners = [...new Set([...conversion.current, ...conversion.simulated].map((c) => c.partnerId))].sort();
    for (const partnerId of partners) {
      const current = conversion.current.find((c) => c.partnerId === partnerId);
      const simulated = conversion.simulated.find((c) => c.partnerId === partnerId);
      rows.push([
        conversion.conversionId,
        conversion.conversionTime,
        conversion.currency,
        conversion.amount,
        partnerId,
        current?.weight ?? '0',
        simulated?.weight ?? '0',
        current?.revenue ?? '0',
        simulated?.revenue ?? '0',
        current?.commission ?? '',
        simulated?.commission ?? '',
        credits(conversion.current),
        credits(conversion.simulated),
      ]);
    }
  }
  // writeCsv escapes formula-like cells (ids come from upstream), SPEC §5.
  return writeCsv(
    [
      'conversion_id',
      'conversion_time',
      'currency',
      'amount',
      'partner_id',
      'current_weight',
      'simulated_weight',
      'current_revenue',
      'simulated_revenue',
      'current_commission',
      'simulated_commission',
      'current_credits',
      'simulated_credits',
    ],
    rows,
  );
}
