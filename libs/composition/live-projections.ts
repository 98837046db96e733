import { AttributionReactor } from '@ledger/attribution/application';
import { LedgerProjection } from '@ledger/ledger/read-model';
import { ConfigError } from '@ledger/platform/config';
import type { Projection } from '@ledger/platform/projections';
import { ReportingProjection } from '@ledger/reporting/read-model';
import { RiskReactor } from '@ledger/risk/application';

/** How the projections are tuned (AppConfig). */
export interface ProjectionSettings {
  /** STATE_CACHE_ENTITIES: state entities a projection keeps in memory between batches. */
  stateCacheEntities?: number;
}

/** Every projection the product keeps live, in the order they are started (and rebuilt): the one place that names them all. */
export function liveProjections(settings: ProjectionSettings = {}): Projection[] {
  return [
    new AttributionReactor({ stateCacheEntities: settings.stateCacheEntities }),
    new RiskReactor({ stateCacheEntities: settings.stateCacheEntities }),
    new LedgerProjection({ stateCacheEntities: settings.stateCacheEntities }),
    new ReportingProjection({ stateCacheEntities: settings.stateCacheEntities }),
  ];
}

/**
 * The projections a projector runs: `names` (PROJECTIONS) in the product's order, or all of them.
 * Each projection keeps its own checkpoint, so they may run in separate processes; each must run
 * in exactly one (docs/operations.md).
 */
export function selectProjections(names: readonly string[] | null, settings: ProjectionSettings = {}): () => Projection[] {
  const known = liveProjections().map((projection) => projection.name);
  const unknown = names?.find((name) => !known.includes(name));
  if (unknown !== undefined) throw new ConfigError('PROJECTIONS', `there is no projection "${unknown}" (there are ${known.join(', ')})`);
  return () => liveProjections(settings).filter((projection) => names === null || names.includes(projection.name));
}
