import { RequestError } from '@ledger/kernel';
import type { FieldError } from '@ledger/kernel';

/** The request names something the ledger does not know or cannot accept (HTTP 400). */
export class LedgerRequestError extends RequestError {
  readonly kind = 'invalid' as const;

  constructor(errors: FieldError[]) {
    super(errors.map((error) => `${error.path}: ${error.message}`).join('; '), errors);
  }
}

/** Another payout run was recorded while this one was computed (HTTP 409); retrying is safe. */
export class PayoutRunConflictError extends RequestError {
  readonly kind = 'conflict' as const;

  constructor() {
    super('another payout run was scheduled while this one was being computed; nothing was recorded, retry the request');
  }
}
