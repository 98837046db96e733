import { BadRequestException } from '@nestjs/common';
import type { FieldError } from '@ledger/kernel';

/** The body of every 400: each problem named by its path, the same shape as event verdicts. */
export function badRequestBody(errors: FieldError[]) {
  return {
    statusCode: 400,
    error: 'Bad Request',
    // A problem with the whole input (path "") reads as its message alone, not ": message".
    message: errors.map((error) => (error.path === '' ? error.message : `${error.path}: ${error.message}`)).join('; '),
    errors,
  };
}

/** 400 with every problem named by its path, the same shape as event verdicts. */
export function invalidRequest(errors: FieldError[]): BadRequestException {
  return new BadRequestException(badRequestBody(errors));
}
