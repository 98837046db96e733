import type { FieldError } from '@ledger/contracts';

/** The request names something the ledger does not know or cannot accept (HTTP 400). */
export class LedgerRequestError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((error) => `${error.path}: ${error.message}`).join('; '));
    this.name = 'LedgerRequestError';
  }
}

/** Another payout run was recorded while this one was computed (HTTP 409); retrying is safe. */
export class PayoutRunConflictError extends Error {
  constructor() {
    super('another payout run was scheduled while this one was being computed; nothing was recorded, retry the request');
    this.name = 'PayoutRunConflictError';
  }
}
