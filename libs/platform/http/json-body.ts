import { raw, type NextFunction, type Request, type Response } from 'express';
import { isJsonObject } from '@ledger/kernel';
import { parseStrictJson } from '@ledger/contracts';
import { badRequestBody } from './request-errors';

/** Media types a CloudEvents producer may send in structured or batched mode. */
const JSON_TYPES = ['application/json', 'application/cloudevents+json', 'application/cloudevents-batch+json', 'application/*+json'];
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/**
 * JSON body parsing for every request. The bytes are read with a size limit (413 beyond it) and
 * then parsed strictly (parseStrictJson of @ledger/events): not UTF-8, a repeated key, nesting
 * deeper than 64 levels or anything JSON.parse refuses is a 400 naming the JSON path, answered in
 * the same shape as every other 400, never express's HTML page. NUL characters are judged later,
 * per field (strict-input.interceptor.ts), so a batch of events can still answer each event.
 */
export function jsonBody(limitBytes: number) {
  const read = raw({ limit: limitBytes, type: JSON_TYPES });
  return (req: Request, res: Response, next: NextFunction) =>
    read(req, res, (error?: { status?: number; type?: string; message?: string }) => {
      if (error) {
        const statusCode = error.status ?? 400;
        const message =
          error.type === 'entity.too.large'
            ? `request body exceeds the limit of ${limitBytes} bytes (MAX_BODY_BYTES)`
            : `request body could not be read: ${error.message}`;
        res.status(statusCode).json({
          statusCode,
          error: statusCode === 413 ? 'Payload Too Large' : statusCode === 415 ? 'Unsupported Media Type' : 'Bad Request',
          message,
        });
        return;
      }
      // No body, or not a JSON media type: nothing to parse (the handler sees undefined).
      if (!Buffer.isBuffer(req.body)) return next();
      const charset = CHARSET.exec(req.headers['content-type'] ?? '')?.[1].toLowerCase();
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
        res.status(415).json({
          statusCode: 415,
          error: 'Unsupported Media Type',
          message: `request body must be JSON in UTF-8; charset "${charset}" is not accepted`,
        });
        return;
      }
      // An empty body reads as {} (as express.json did), so a handler reports the missing fields.
      if (req.body.length === 0) {
        req.body = {};
        return next();
      }
      const parsed = parseStrictJson(req.body, { subject: 'the request body' });
      if (!parsed.ok) {
        res.status(400).json(badRequestBody(parsed.errors));
        return;
      }
      if (!isJsonObject(parsed.value) && !Array.isArray(parsed.value)) {
        res.status(400).json(badRequestBody([{ path: '', message: 'the request body must be a JSON object or array' }]));
        return;
      }
      req.body = parsed.value;
      next();
    });
}
