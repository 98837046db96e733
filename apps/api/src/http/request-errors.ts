import { BadRequestException } from '@nestjs/common';
import type { FieldError } from '@ledger/events';

/** 400 with every problem named by its path, the same shape as event verdicts. */
export function invalidRequest(errors: FieldError[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: errors.map((error) => `${error.path}: ${error.message}`).join('; '),
    errors,
  });
}
