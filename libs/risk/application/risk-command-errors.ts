import { RequestError, type FieldError } from '@ledger/kernel';

/** The request is malformed or names something the ledger cannot accept (HTTP 400). */
export class RiskRequestError extends RequestError {
  readonly kind = 'invalid' as const;

  constructor(errors: FieldError[]) {
    super(errors.map((error) => `${error.path}: ${error.message}`).join('; '), errors);
  }
}

/** No such flag or dispute (HTTP 404). */
export class RiskNotFoundError extends RequestError {
  readonly kind = 'not_found' as const;
}

/** The flag or dispute was already decided, or another change won the race (HTTP 409); nothing was recorded. */
export class RiskConflictError extends RequestError {
  readonly kind = 'conflict' as const;
}
