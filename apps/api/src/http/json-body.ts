import { json, type NextFunction, type Request, type Response } from 'express';

/** Media types a CloudEvents producer may send in structured or batched mode. */
const JSON_TYPES = ['application/json', 'application/cloudevents+json', 'application/cloudevents-batch+json', 'application/*+json'];

/**
 * JSON body parsing with a size limit whose failures are answered in JSON (413 for too large,
 * 400 for malformed JSON) instead of express's default HTML page.
 */
export function jsonBody(limitBytes: number) {
  const parse = json({ limit: limitBytes, type: JSON_TYPES, strict: true });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (error?: { status?: number; type?: string; message?: string }) => {
      if (!error) return next();
      const statusCode = error.status ?? 400;
      const message =
        error.type === 'entity.too.large'
          ? `request body exceeds the limit of ${limitBytes} bytes (MAX_BODY_BYTES)`
          : `request body is not valid JSON: ${error.message}`;
      res.status(statusCode).json({ statusCode, error: statusCode === 413 ? 'Payload Too Large' : 'Bad Request', message });
    });
}
