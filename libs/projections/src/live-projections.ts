import { AttributionProjection } from './attribution/attribution.projection';
import { LedgerProjection } from './ledger/ledger.projection';
import type { Projection } from './projection';
import { ReportingProjection } from './reports/reporting.projection';

/** Every projection the product keeps live, in the order they are started (and rebuilt). */
export function liveProjections(): Projection[] {
  return [new AttributionProjection(), new LedgerProjection(), new ReportingProjection()];
}
