import type { FieldError } from './json/field-error';

/**
 * What a request did wrong, as the domain and the commands say it: `invalid` input (each problem by
 * its path), a thing `not_found`, a `conflict` with what is recorded, or a request that cannot be
 * `unprocessable` as sent. Transports map the kind to their own answer (HTTP 400, 404, 409, 422) in
 * one place; the code that throws never names a status.
 */
export type RequestErrorKind = 'invalid' | 'not_found' | 'conflict' | 'unprocessable';

export abstract class RequestError extends Error {
  abstract readonly kind: RequestErrorKind;

  constructor(
    message: string,
    /** For `invalid`: every problem, by JSON path. */
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}
