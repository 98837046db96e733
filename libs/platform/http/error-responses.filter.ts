import { Catch, HttpException, Logger, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { RequestError, type RequestErrorKind } from '@ledger/kernel';
import { EventStoreUnavailableError } from '@ledger/platform/event-store';
import { ProjectionBehindError } from '@ledger/platform/projections';
import { DatabaseUnavailableError } from '@ledger/platform/sql';
import { badRequestBody } from './request-errors';

/** What a client is told to wait before retrying; a database restart usually takes a few seconds. */
export const RETRY_AFTER_SECONDS = 5;

const STATUS_OF: Record<RequestErrorKind, { status: number; error: string }> = {
  invalid: { status: 400, error: 'Bad Request' },
  not_found: { status: 404, error: 'Not Found' },
  conflict: { status: 409, error: 'Conflict' },
  unprocessable: { status: 422, error: 'Unprocessable Entity' },
};

/**
 * The one place errors become HTTP answers:
 * - a RequestError (thrown by the domain and the commands) by its kind: 400 with every problem by
 *   path, 404, 409, 422;
 * - a dependency that is unavailable (the database, EventStoreDB, read models still catching up
 *   after an outage): 503 with `Retry-After`, since the same request can be sent again (events are
 *   idempotent by `(source, id)`, commands by Idempotency-Key) and the process keeps running;
 * - Nest's own HTTP exceptions as they are, and anything else as a 500 that shows no internals.
 */
@Catch()
export class ErrorResponsesFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('ErrorResponses');

  catch(error: unknown, host: ArgumentsHost): void {
    if (error instanceof RequestError)
      return this.answer(host, error.kind === 'invalid' ? 400 : STATUS_OF[error.kind].status, this.requestErrorBody(error));
    if (
      error instanceof DatabaseUnavailableError ||
      error instanceof EventStoreUnavailableError ||
      error instanceof ProjectionBehindError
    ) {
      this.logger.warn({ reason: error.message }, 'request answered 503: a dependency is unavailable');
      const message =
        error instanceof ProjectionBehindError
          ? `the read models are catching up (projection ${error.projection}); retry after ${RETRY_AFTER_SECONDS} s`
          : `${error instanceof DatabaseUnavailableError ? 'the database' : 'the event store'} is unavailable; retry after ${RETRY_AFTER_SECONDS} s`;
      return this.answer(
        host,
        503,
        { statusCode: 503, error: 'Service Unavailable', message },
        { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      );
    }
    if (!(error instanceof HttpException)) this.logger.error({ err: error }, 'request failed');
    super.catch(error, host);
  }

  private requestErrorBody(error: RequestError): object {
    if (error.kind === 'invalid') return badRequestBody(error.errors.length > 0 ? error.errors : [{ path: '', message: error.message }]);
    const { status, error: title } = STATUS_OF[error.kind];
    return { statusCode: status, error: title, message: error.message, ...(error.errors.length > 0 ? { errors: error.errors } : {}) };
  }

  private answer(host: ArgumentsHost, status: number, body: object, headers: Record<string, string> = {}): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) {
      // A streamed answer already under way cannot change its status; cut it so the client sees it fail.
      response.destroy();
      return;
    }
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(status).json(body);
  }
}
