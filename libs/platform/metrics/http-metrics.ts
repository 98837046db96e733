import type { NextFunction, Request, Response } from 'express';
import type { LedgerMetrics } from './ledger-metrics';

/** Requests no route matched (404s, static pages): one label value, so a scanner cannot grow the series without bound. */
const UNMATCHED_ROUTE = 'unmatched';

/**
 * Times every request from its first byte to its answer, labelled by the route template
 * (`/v1/partners/:partnerId/balance`, never the concrete path, for the same reason).
 * Mount it first so that body parsing and authentication count too.
 */
export function httpMetrics(metrics: LedgerMetrics) {
  return (request: Request, response: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // Express sets request.route once a route matched; it stays set after the handler ran. A
      // catch-all ("/{*path}", the not-found answer) matches anything, so it counts as unmatched.
      const path = request.route ? String((request.route as { path: unknown }).path) : undefined;
      const template = path === undefined || path.includes('*') ? UNMATCHED_ROUTE : `${request.baseUrl}${path}`;
      metrics.observeHttp(request.method, template, response.statusCode, seconds);
    });
    next();
  };
}
