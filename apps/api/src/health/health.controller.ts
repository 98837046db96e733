import { probe } from '@ledger/platform/process';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@ledger/platform/auth';
import type { AppConfig } from '@ledger/platform/config';
import { EVENT_STORE, READ_MODEL_DB, type EventStore } from '@ledger/platform/event-store';
import type { SqlDatabase } from '@ledger/platform/sql';
import { PROJECTION_MONITOR, type ProjectionMonitor } from '@ledger/platform/projections';
import { APP_CONFIG } from '../config.token';
import { objectSchema } from '../openapi/object-schema';

/** A dependency that does not answer within this long counts as unavailable; /health itself always answers. */
const PROBE_TIMEOUT_MILLIS = 3000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: SqlDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PROJECTION_MONITOR) private readonly projections: ProjectionMonitor,
  ) {}

  /**
   * 200 `ok` when the store and the read-model database answer, no projection is retrying and
   * none has skipped an event; otherwise 503 `degraded`, saying which. Nothing sticks: once a
   * dependency is back and the projections work again, the next call is 200.
   */
  @Get()
  @Public()
  @ApiOkResponse({
    description: 'ok: liveness, the store head and how far each projection lags behind it',
    schema: objectSchema({ status: { type: 'string', enum: ['ok', 'degraded'] }, eventStore: { type: 'object' }, projections: 'array' }),
  })
  @ApiServiceUnavailableResponse({
    description:
      'degraded: the store or the database does not answer, a projection is retrying, or a projection skipped events it cannot apply (exceptions)',
  })
  async health(@Res({ passthrough: true }) response: Response) {
    const [head, database] = await Promise.all([
      probe(this.store.headPosition(), PROBE_TIMEOUT_MILLIS),
      probe(this.db.query('SELECT 1'), PROBE_TIMEOUT_MILLIS),
    ]);
    // Projections running in a projector are read from the database, which may not answer either.
    const monitored = await probe(this.projections.statuses(), PROBE_TIMEOUT_MILLIS);
    const projections = (monitored.ok ? monitored.value : []).map((status) => ({
      ...status,
      lag: head.ok ? Math.max(0, head.value - status.checkpoint) : null,
    }));
    const connection = this.store.health?.();
    const exceptions = projections.reduce((sum, projection) => sum + projection.exceptions, 0);
    const reasons = [
      ...(head.ok ? [] : [`event store: ${head.error}`]),
      ...(connection?.connection === 'unavailable' ? [`event store connection: ${connection.lastError ?? 'unavailable'}`] : []),
      ...(database.ok ? [] : [`database: ${database.error}`]),
      ...(monitored.ok ? [] : [`projections: ${monitored.error}`]),
      ...projections
        .filter((projection) => projection.state === 'retrying')
        .map((projection) => `projection ${projection.name} retrying: ${projection.error ?? 'after a failure'}`),
      ...(exceptions > 0
        ? [`${exceptions} event(s) skipped by projections that cannot apply them (GET /v1/ledger/verify lists them)`]
        : []),
    ];
    const healthy = reasons.length === 0;
    if (!healthy) response.status(503);
    return {
      status: healthy ? 'ok' : 'degraded',
      ...(healthy ? {} : { reasons }),
      eventStore: {
        kind: this.config.eventStore,
        headPosition: head.ok ? head.value : null,
        ...(head.ok ? {} : { error: head.error }),
        ...connection,
      },
      database: { kind: this.db.kind, status: database.ok ? 'up' : 'unavailable', ...(database.ok ? {} : { error: database.error }) },
      projections,
      exceptions,
    };
  }

  /** Liveness only: the process runs and serves HTTP (for a supervisor that restarts dead processes, not degraded ones). */
  @Get('live')
  @Public()
  @ApiOkResponse({ description: 'the process is up' })
  live() {
    return { status: 'alive' };
  }
}
