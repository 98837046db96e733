import {
  BadRequestException,
  ConflictException,
  Injectable,
  Logger,
  UnprocessableEntityException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { from, lastValueFrom, of, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '@ledger/platform/auth';
import { canonicalJson } from '@ledger/kernel';
import { IdempotencyStore, LEASE_MILLIS, type IdempotentRequest } from './idempotency-store';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set on an answer that repeats the first one (the request was not run again). */
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** Visible ASCII, like the tokens clients generate (UUIDs, ULIDs, hashes). */
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
/** How long a retry waits for the first request with its key to finish before it is told to come back. */
const WAIT_MILLIS = 30_000;

/**
 * SPEC §5 "Retries are safe", for the routes that opt in with @Idempotent(). With an
 * Idempotency-Key, the first request runs and its answer (status and body) is kept; the same
 * key with the same method, path and body answers that again and runs nothing, a different one is
 * 422. A retry arriving while the first still runs waits for its answer. Without the header the
 * route behaves as if this were not there. Only successful answers are kept: after an error
 * nothing was recorded, so the same key may try again.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(private readonly store: IdempotencyStore) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const response = http.getResponse<Response>();
    const header = request.headers['idempotency-key'];
    if (header === undefined) return next.handle();
    const key = Array.isArray(header) ? header.join(', ') : header;
    if (!KEY_FORMAT.test(key)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: `${IDEMPOTENCY_KEY_HEADER}: must be 1 to 255 visible ASCII characters (e.g. a UUID)`,
        errors: [{ path: IDEMPOTENCY_KEY_HEADER, message: 'must be 1 to 255 visible ASCII characters (e.g. a UUID)' }],
      });
    }
    const path = request.originalUrl;
    const idempotent: IdempotentRequest = {
      scope: request.principal?.keyId ?? 'anonymous',
      key,
      method: request.method,
      path,
      fingerprint: createHash('sha256')
        .update(canonicalJson({ method: request.method, path, body: request.body ?? null }))
        .digest('hex'),
    };

    const deadline = Date.now() + WAIT_MILLIS;
    for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
      const claim = await this.store.claim(idempotent);
      switch (claim.kind) {
        case 'mismatch':
          throw new UnprocessableEntityException({
            statusCode: 422,
            error: 'Unprocessable Entity',
            message: `${IDEMPOTENCY_KEY_HEADER}: this key was already used for a different request (method, path or body); send a new key for a new request`,
            errors: [{ path: IDEMPOTENCY_KEY_HEADER, message: 'already used for a different request' }],
          });
        case 'answered':
          response.status(claim.status);
          response.setHeader(REPLAYED_HEADER, 'true');
          return of(claim.body === null ? undefined : JSON.parse(claim.body));
        case 'claimed':
          return from(this.run(idempotent, claim.owner, next, response));
        case 'in-progress':
          if (Date.now() >= deadline) {
            response.setHeader('Retry-After', '1');
            throw new ConflictException(`${IDEMPOTENCY_KEY_HEADER}: a request with this key is still being processed; retry shortly`);
          }
          await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  /**
   * Runs the handler as a promise of its own, so the answer is stored even if the client hangs up
   * (an unsubscribed Observable would leave the claim to run out while the work went on).
   */
  private async run(idempotent: IdempotentRequest, owner: string, next: CallHandler, response: Response): Promise<unknown> {
    const heartbeat = setInterval(() => {
      this.store.renew(idempotent, owner).catch(() => undefined);
    }, LEASE_MILLIS / 3);
    heartbeat.unref();
    try {
      let value: unknown;
      try {
        value = await lastValueFrom(next.handle(), { defaultValue: undefined });
      } catch (error) {
        await this.store.release(idempotent, owner).catch(() => undefined); // else the claim runs out by itself
        throw error;
      }
      try {
        await this.store.complete(idempotent, owner, response.statusCode, value === undefined ? null : JSON.stringify(value));
      } catch (error) {
        // The work is done and the caller gets its answer; only a retry could not be recognised.
        this.logger.warn(
          `could not keep the answer for ${IDEMPOTENCY_KEY_HEADER} of ${idempotent.method} ${idempotent.path}: ${String(error)}`,
        );
      }
      return value;
    } finally {
      clearInterval(heartbeat);
    }
  }
}
