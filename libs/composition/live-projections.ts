import { AttributionReactor } from '@ledger/attribution/application';
import { LedgerProjection } from '@ledger/ledger/read-model';
import { ConfigError } from '@ledger/platform/config';
import type { Projection } from '@ledger/platform/projections';
import { ReportingProjection } from '@ledger/reporting/read-model';
import { RiskReactor } from '@ledger/risk/application';

/** Every projection the product keeps live, in the order they are started (and rebuilt): the one place that names them all. */
export function liveProjections(): Projection[] {
  return [new AttributionReactor(), new RiskReactor(), new LedgerProjection(), new ReportingProjection()];
}

/**
 * The projections a projector runs: `names` (PROJECTIONS) in the product's order, or all of them.
 * Each projection keeps its own checkpoint, so they may run in separate processes; each must run
 * in exactly one (docs/operations.md).
 */
export function selectProjections(names: readonly string[] | null): () => Projection[] {
  const known = liveProjections().map((projection) => projection.name);
  const unknown = names?.find((name) => !known.includes(name));
  if (unknown !== undefined) throw new ConfigError('PROJECTIONS', `there is no projection "${unknown}" (there are ${known.join(', ')})`);
  return () => liveProjections().filter((projection) => names === null || names.includes(projection.name));
}
