import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from './error-body';

const MEANING = {
  400: 'invalid input: `errors` names every field or query parameter and what is wrong with it',
  401: 'missing or invalid API key (`Authorization: Bearer <key>`)',
  403: "the key's role may not do this, or a partner key asked for another partner",
  404: 'unknown (projections are eventually consistent; /health shows their lag)',
  409: 'conflicts with what is recorded (e.g. a concurrent run); retry',
  422: 'the same Idempotency-Key was used with a different body',
} as const;

export type ErrorStatus = keyof typeof MEANING;

/** The error answers an operation may give, each with the common error body. 401 is added to every guarded operation. */
export function ApiErrors(...statuses: ErrorStatus[]) {
  const all = [...new Set<ErrorStatus>([...statuses, 401])].sort();
  return applyDecorators(...all.map((status) => ApiResponse({ status, description: MEANING[status], type: ErrorBody })));
}
