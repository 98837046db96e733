import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@ledger/auth';
import type { AppConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { ProjectionHost } from '../projections/projection-host';
import { APP_CONFIG } from '../config.token';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projections: ProjectionHost,
  ) {}

  @Get()
  @Public()
  @ApiOkResponse({ description: 'liveness, the store head and how far each projection lags behind it' })
  async health() {
    // An unreachable store makes the service degraded; /health itself still answers.
    const head = await this.store.headPosition().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    const projections = this.projections.statuses().map((status) => ({
      ...status,
      lag: typeof head === 'number' ? Math.max(0, head - status.checkpoint) : null,
    }));
    const connection = this.store.health?.();
    const healthy =
      typeof head === 'number' && connection?.connection !== 'unavailable' && projections.every((projection) => projection.state !== 'retrying');
    return {
      status: healthy ? 'ok' : 'degraded',
      eventStore: {
        kind: this.config.eventStore,
        headPosition: typeof head === 'number' ? head : null,
        ...(typeof head === 'number' ? {} : { error: head.message }),
        ...connection,
      },
      projections,
    };
  }
}
