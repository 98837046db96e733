import { invalidRequest } from './request-errors';

/** SPEC §5 lists: `limit` (default 50, at most 1000) and an opaque `cursor`. */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 1000;

/** One page of a list: `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Where a page starts: after the row whose sort key is `after` (null: from the first row). The
 * key is the row's sort key as strings, in ORDER BY order, so a query reads `WHERE (k1, k2) > ($a, $b)`
 * on an index: a page costs the same at any depth.
 */
export interface PageRequest {
  limit: number;
  after: string[] | null;
}

/** The cursor of a row: base64url of the JSON array of its sort key. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, arity: number): string[] | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(key) || key.length !== arity || !key.every((part) => typeof part === 'string' && !part.includes('\u0000')))
      return null;
    return key as string[];
  } catch {
    return null;
  }
}

/** Reads `limit` and `cursor` query parameters; 400 naming the parameter when either is malformed. */
export function pageParams(limit: unknown, cursor: unknown, arity: number): PageRequest {
  let size = DEFAULT_PAGE_LIMIT;
  if (limit !== undefined && limit !== '') {
    if (typeof limit !== 'string' || !/^[0-9]{1,4}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_PAGE_LIMIT)
      throw invalidRequest([{ path: 'limit', message: `must be a whole number from 1 to ${MAX_PAGE_LIMIT}` }]);
    size = Number(limit);
  }
  if (cursor === undefined || cursor === '') return { limit: size, after: null };
  const after = typeof cursor === 'string' ? decodeCursor(cursor, arity) : null;
  if (!after) throw invalidRequest([{ path: 'cursor', message: 'is not a cursor this list gave out' }]);
  return { limit: size, after };
}

/** Whether the request gave `limit` or `cursor` (a statement is paged only then). */
export function wantsPage(limit: unknown, cursor: unknown): boolean {
  return (limit !== undefined && limit !== '') || (cursor !== undefined && cursor !== '');
}

/**
 * The page of rows a query read with `LIMIT limit + 1`: the extra row only tells that more follow,
 * and the cursor is the last returned row's key.
 */
export function pageOf<R, T>(rows: readonly R[], page: PageRequest, keyOf: (row: R) => string[], toItem: (row: R) => T): Page<T> {
  const more = rows.length > page.limit;
  const kept = more ? rows.slice(0, page.limit) : rows;
  return { items: kept.map(toItem), nextCursor: more ? encodeCursor(keyOf(kept[kept.length - 1])) : null };
}

/** The cursor of a list keyed by a store position (newest first): that position, or null on the first page. */
export function positionAfter(page: PageRequest): number | null {
  if (!page.after) return null;
  const position = page.after[0];
  if (!/^[0-9]{1,15}$/.test(position)) throw invalidRequest([{ path: 'cursor', message: 'is not a cursor this list gave out' }]);
  return Number(position);
}
