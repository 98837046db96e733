import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { EVENT_STORE, READ_MODEL_DB, type EventStore } from '@ledger/platform/event-store';
import type { SqlDatabase } from '@ledger/platform/sql';
import type { Projection } from './projection';
import { PROJECTION_CATCH_UP } from './projection-catch-up';
import { PROJECTIONS, ProjectionHost } from './projection-host';
import { CheckpointMonitor, PROJECTION_MONITOR } from './projection-monitor';

/**
 * The app's projections (global, so every context's commands can wait for them through
 * PROJECTION_CATCH_UP and /health can follow them through PROJECTION_MONITOR). By default they run
 * here; with `run: false` a projector process runs them and this app only follows what they commit.
 * The app names the projections; this module only hosts or follows them.
 */
@Module({})
export class ProjectionsModule {
  static forRoot(projections: () => Projection[], options: { run: boolean } = { run: true }): DynamicModule {
    const hosted: Provider[] = [
      ProjectionHost,
      { provide: PROJECTION_CATCH_UP, useExisting: ProjectionHost },
      { provide: PROJECTION_MONITOR, useExisting: ProjectionHost },
    ];
    const followed: Provider[] = [
      {
        provide: PROJECTION_MONITOR,
        inject: [EVENT_STORE, READ_MODEL_DB, PROJECTIONS],
        useFactory: (store: EventStore, db: SqlDatabase, list: Projection[]) =>
          new CheckpointMonitor(
            store,
            db,
            list.map((projection) => projection.name),
          ),
      },
      { provide: PROJECTION_CATCH_UP, useExisting: PROJECTION_MONITOR },
    ];
    return {
      module: ProjectionsModule,
      global: true,
      providers: [{ provide: PROJECTIONS, useFactory: projections }, ...(options.run ? hosted : followed)],
      exports: options.run
        ? [PROJECTIONS, ProjectionHost, PROJECTION_CATCH_UP, PROJECTION_MONITOR]
        : [PROJECTIONS, PROJECTION_CATCH_UP, PROJECTION_MONITOR],
    };
  }
}
