import type { ArgumentsHost } from '@nestjs/common';
import { EventStoreUnavailableError } from '@ledger/platform/event-store';
import { ProjectionBehindError } from '@ledger/platform/projections';
import { DatabaseUnavailableError } from '@ledger/platform/sql';
import { RequestError } from '@ledger/kernel';
import { ErrorResponsesFilter } from './error-responses.filter';

function answer(error: Error, headersSent = false) {
  const sent: { status?: number; headers: Record<string, string>; body?: unknown; destroyed: boolean } = { headers: {}, destroyed: false };
  const response = {
    headersSent,
    status(code: number) {
      sent.status = code;
      return response;
    },
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
      return response;
    },
    json(body: unknown) {
      sent.body = body;
      return response;
    },
    destroy() {
      sent.destroyed = true;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new ErrorResponsesFilter().catch(error, host);
  return sent;
}

class TakenError extends RequestError {
  readonly kind = 'conflict' as const;
}
class BadInput extends RequestError {
  readonly kind = 'invalid' as const;
}

describe('ErrorResponsesFilter', () => {
  it('maps a request error by its kind, with every problem by path for invalid input', () => {
    expect(answer(new TakenError('version "v2" is already in use'))).toMatchObject({
      status: 409,
      body: { statusCode: 409, error: 'Conflict', message: 'version "v2" is already in use' },
    });
    expect(answer(new BadInput('bad', [{ path: 'amount', message: 'must be a decimal string' }]))).toMatchObject({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'amount: must be a decimal string',
        errors: [{ path: 'amount', message: 'must be a decimal string' }],
      },
    });
  });

  it.each([
    ['the database', new DatabaseUnavailableError('connect ECONNREFUSED 127.0.0.1:5432'), /^the database is unavailable; retry after 5 s$/],
    [
      'EventStoreDB',
      new EventStoreUnavailableError('EventStoreDB unavailable while appending: 14 UNAVAILABLE'),
      /^the event store is unavailable/,
    ],
    [
      'read models still catching up',
      new ProjectionBehindError('ledger', 42, { checkpoint: 40, state: 'retrying' }),
      /^the read models are catching up \(projection ledger\)/,
    ],
  ])('answers 503 with Retry-After when %s is unavailable, without internals', (_, error, message) => {
    const sent = answer(error);
    expect(sent.status).toBe(503);
    expect(sent.headers).toEqual({ 'Retry-After': '5' });
    expect(sent.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.stringMatching(message) });
    expect(JSON.stringify(sent.body)).not.toContain('ECONNREFUSED');
  });

  it('cuts an answer already under way instead of writing a second one', () => {
    const sent = answer(new DatabaseUnavailableError('Connection terminated unexpectedly'), true);
    expect(sent).toMatchObject({ destroyed: true, headers: {} });
    expect(sent.status).toBeUndefined();
  });
});
