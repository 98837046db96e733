import { Module, type DynamicModule } from '@nestjs/common';
import type { Projection } from './projection';
import { PROJECTION_CATCH_UP } from './projection-catch-up';
import { PROJECTIONS, ProjectionHost } from './projection-host';

/**
 * Runs the given projections with the app (global, so every context's commands can wait for them
 * through PROJECTION_CATCH_UP). The app names the projections; this module only hosts them.
 */
@Module({})
export class ProjectionsModule {
  static forRoot(projections: () => Projection[]): DynamicModule {
    return {
      module: ProjectionsModule,
      global: true,
      providers: [
        { provide: PROJECTIONS, useFactory: projections },
        ProjectionHost,
        { provide: PROJECTION_CATCH_UP, useExisting: ProjectionHost },
      ],
      exports: [PROJECTIONS, ProjectionHost, PROJECTION_CATCH_UP],
    };
  }
}
