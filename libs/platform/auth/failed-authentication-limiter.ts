import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit } from 'express-rate-limit';
import type { ApiKeyRegistry } from './api-key-registry';
import { authenticateBearer } from './bearer';

export interface FailedAuthenticationLimit {
  /** Failed authentications (401 answers) one client address may cause per window. */
  limit: number;
  windowMs: number;
}

/**
 * SPEC §5: repeated failed authentication from one client address is answered 429 with
 * Retry-After. express-rate-limit does the counting; what it counts is narrowed to failures:
 *
 * - a request whose key is valid is not counted at all, so a busy client with many requests in
 *   flight never trips the limit (express-rate-limit counts a request before it knows the answer);
 * - any other request counts, and is uncounted again when its answer is not a 401 (a public
 *   route without a key, such as /health, is no failure);
 * - once an address is over the limit, every request from it is refused until the window ends,
 *   valid key or not: otherwise a guessed key would still answer 200 and the limit would not
 *   slow guessing down at all.
 */
export function failedAuthenticationLimiter(registry: ApiKeyRegistry, options: FailedAuthenticationLimit): RequestHandler {
  const store = new MemoryStore();
  const clientKey = (request: Request) => ipKeyGenerator(request.ip ?? request.socket.remoteAddress ?? 'unknown', 56);
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    store,
    keyGenerator: clientKey,
    standardHeaders: false,
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_request, response) => response.statusCode !== 401,
    skip: async (request) => {
      const counted = await store.get(clientKey(request));
      if (counted && counted.totalHits >= options.limit) return false;
      return authenticateBearer(registry, request.headers.authorization) !== undefined;
    },
    handler: (request: Request, response: Response) => {
      const resetTime = (request as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + options.windowMs) - Date.now()) / 1000));
      response.setHeader('Retry-After', String(seconds));
      response.status(429).json({
        statusCode: 429,
        error: 'Too Many Requests',
        message: `too many failed authentications from this address; retry after ${seconds} s`,
      });
    },
  });
}
