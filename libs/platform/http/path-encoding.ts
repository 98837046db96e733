import type { NextFunction, Request, Response } from 'express';
import { badRequestBody } from './request-errors';

/**
 * A path segment whose percent-encoding is broken ("%ZZ", a lone "%") or is not UTF-8 ("%FF",
 * the overlong "%C0%AE") cannot name anything. The router used to refuse it while matching, with a
 * 400 that listed no problem (`Failed to decode param`); this answers it first, in the shape of
 * every other 400, saying which segment is at fault.
 */
export function pathEncoding() {
  return (req: Request, res: Response, next: NextFunction) => {
    const segment = req.path.split('/').find((part) => !decodes(part));
    if (segment === undefined) return next();
    const shown = segment.length > 80 ? `${segment.slice(0, 80)}…` : segment;
    res.status(400).json(badRequestBody([{ path: '', message: `the URL path segment "${shown}" is not valid percent-encoded UTF-8` }]));
  };
}

function decodes(segment: string): boolean {
  if (!segment.includes('%')) return true;
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}
