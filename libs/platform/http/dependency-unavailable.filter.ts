import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { EventStoreUnavailableError } from '@ledger/platform/event-store';
import { ProjectionBehindError } from '@ledger/platform/projections';
import { DatabaseUnavailableError } from '@ledger/platform/sql';

/** What a client is told to wait before retrying; a database restart usually takes a few seconds. */
export const RETRY_AFTER_SECONDS = 5;

type Unavailable = DatabaseUnavailableError | EventStoreUnavailableError | ProjectionBehindError;

/**
 * While the database (or EventStoreDB) is unavailable a request is answered 503 with
 * `Retry-After`, not 500: the same request can be sent again (events are idempotent by
 * `(source, id)`; a transaction cut off before its COMMIT was answered may have committed, and
 * the retry then finds it), and the process keeps running until the dependency is back. A
 * command that waits for the read models (a payout run, a policy adoption) and finds them still
 * catching up after an outage gets the same answer. Only these error classes come here; every
 * other error keeps its usual mapping.
 */
@Catch(DatabaseUnavailableError, EventStoreUnavailableError, ProjectionBehindError)
export class DependencyUnavailableFilter implements ExceptionFilter {
  private readonly logger = new Logger('DependencyUnavailable');

  catch(error: Unavailable, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    this.logger.warn({ reason: error.message }, 'request answered 503: a dependency is unavailable');
    if (response.headersSent) {
      // A streamed answer already under way cannot change its status; cut it so the client sees it fail.
      response.destroy();
      return;
    }
    const message =
      error instanceof ProjectionBehindError
        ? `the read models are catching up (projection ${error.projection}); retry after ${RETRY_AFTER_SECONDS} s`
        : `${error instanceof DatabaseUnavailableError ? 'the database' : 'the event store'} is unavailable; retry after ${RETRY_AFTER_SECONDS} s`;
    response.status(503).setHeader('Retry-After', String(RETRY_AFTER_SECONDS)).json({ statusCode: 503, error: 'Service Unavailable', message });
  }
}
