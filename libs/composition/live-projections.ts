import { AttributionReactor } from '@ledger/attribution/application';
import { LedgerProjection } from '@ledger/ledger/read-model';
import type { Projection } from '@ledger/platform/projections';
import { ReportingProjection } from '@ledger/reporting/read-model';
import { RiskReactor } from '@ledger/risk/application';

/** Every projection the product keeps live, in the order they are started (and rebuilt): the one place that names them all. */
export function liveProjections(): Projection[] {
  return [new AttributionReactor(), new RiskReactor(), new LedgerProjection(), new ReportingProjection()];
}
