import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { controlCharacterProblem, nulCharacterProblems } from '@ledger/contracts';
import { type FieldError } from '@ledger/kernel';
import { keyStep } from '@ledger/kernel';
import { invalidRequest } from './request-errors';

const JUDGES_EACH_EVENT = 'ledger:judges-each-event';

/**
 * Marks a handler that answers every event of its body with its own verdict: the event contract
 * (validateCloudEvent) refuses a NUL character in an event itself, so one bad event is `rejected`
 * while the rest of the batch is stored, as on Kafka.
 */
export const JudgesEachEvent = () => SetMetadata(JUDGES_EACH_EVENT, true);

/**
 * SPEC §2 "Strictness" for what reaches a handler besides the body's syntax (json-body.ts): no
 * control character in a path segment or query parameter, a query parameter given at most once,
 * no NUL in any string or field name of the body. Each is a 400 naming the parameter or the JSON
 * path. One interceptor for every route, after authentication (401/403 come first), so no
 * controller can forget it and a NUL never reaches a SQL parameter (where it answered 500).
 */
@Injectable()
export class StrictInputInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler) {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const judgesEachEvent =
      this.reflector.getAllAndOverride<boolean>(JUDGES_EACH_EVENT, [context.getHandler(), context.getClass()]) === true;
    const errors = [
      ...pathProblems(request.params),
      ...queryProblems(request.query),
      ...(judgesEachEvent ? [] : nulCharacterProblems(request.body)),
    ];
    if (errors.length > 0) throw invalidRequest(errors);
    return next.handle();
  }
}

function pathProblems(params: Record<string, unknown> | undefined): FieldError[] {
  return Object.entries(params ?? {}).flatMap(([name, value]) => {
    const problem = typeof value === 'string' ? controlCharacterProblem(value) : undefined;
    return problem ? [{ path: name, message: problem }] : [];
  });
}

function queryProblems(query: Record<string, unknown> | undefined): FieldError[] {
  return Object.entries(query ?? {}).flatMap(([name, value]): FieldError[] => {
    const path = keyStep(name);
    const nameProblem = controlCharacterProblem(name);
    if (nameProblem) return [{ path, message: `the parameter name ${nameProblem}` }];
    if (Array.isArray(value)) return [{ path, message: `is given ${value.length} times; give it once` }];
    if (typeof value !== 'string') return [{ path, message: 'must be plain text, given once' }];
    const problem = controlCharacterProblem(value);
    return problem ? [{ path, message: problem }] : [];
  });
}
