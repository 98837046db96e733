import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyInterceptor } from './idempotency.interceptor';

export { IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER } from './idempotency.interceptor';

/**
 * Makes a recording POST (or DELETE) safe to retry: see IdempotencyInterceptor. Put it on every
 * route that records something (SPEC §5); the OpenAPI document then lists the header.
 */
export function Idempotent(): MethodDecorator {
  return applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        'Any unique string (e.g. a UUID, at most 255 visible ASCII characters) chosen by the client. A retry with the same key and the same body ' +
        'answers the first response again (status and body, with `Idempotent-Replayed: true`) and records nothing; the same key with another body is 422. ' +
        'A retry sent while the first request still runs waits for its answer (409 with Retry-After if that takes over 30 s). Keys are per API key and kept durably.',
      schema: { type: 'string', maxLength: 255 },
    }),
    ApiUnprocessableEntityResponse({ description: 'the Idempotency-Key was already used for a different request' }),
  );
}
