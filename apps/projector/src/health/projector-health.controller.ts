import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { EVENT_STORE, type EventStore } from '@ledger/platform/event-store';
import { PROJECTION_MONITOR, type ProjectionMonitor } from '@ledger/platform/projections';
import { probe } from '@ledger/platform/process';

/** How long a dependency may take to answer /health before it counts as unavailable. */
const PROBE_TIMEOUT_MILLIS = 3000;

/** The projector's own /health: the store head and each projection's checkpoint, lag and exceptions. */
@Controller('health')
export class ProjectorHealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_MONITOR) private readonly projections: ProjectionMonitor,
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) response: Response) {
    const head = await probe(this.store.headPosition(), PROBE_TIMEOUT_MILLIS);
    const projections = (await this.projections.statuses()).map((status) => ({
      ...status,
      lag: head.ok ? Math.max(0, head.value - status.checkpoint) : null,
    }));
    const healthy = head.ok && projections.every((projection) => projection.state !== 'retrying' && projection.exceptions === 0);
    if (!healthy) response.status(503);
    return { status: healthy ? 'ok' : 'degraded', headPosition: head.ok ? head.value : null, projections };
  }
}
