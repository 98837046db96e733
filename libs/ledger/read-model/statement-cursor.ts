import { encodeCursor, invalidRequest, pageParams, wantsPage } from '@ledger/platform/http';
import { parseInstant } from '@ledger/kernel';

/**
 * Where the next page of a statement starts: after the line with this sort key (occurredAt,
 * cause position, seq), with the running balance per currency so far. The cursor also pins `to`
 * and `knownAt` of the first page, so the pages add up to the unpaged statement of that moment and a
 * page never sums the lines before it: it costs the same at any depth.
 */
export interface StatementPosition {
  occurredAt: string;
  causePosition: string;
  seq: string;
  balances: Record<string, string>;
  to: string;
  knownAt: string;
}

export interface StatementPage {
  limit: number;
  after: StatementPosition | null;
}

const bad = () => invalidRequest([{ path: 'cursor', message: 'is not a cursor this list gave out' }]);

export function encodeStatementCursor(position: StatementPosition): string {
  const { occurredAt, causePosition, seq, balances, to, knownAt } = position;
  return encodeCursor([occurredAt, causePosition, seq, JSON.stringify(balances), to, knownAt]);
}

/** The page a statement request asks for (`limit` or `cursor` given), or undefined for the whole statement. */
export function statementPage(limit: unknown, cursor: unknown): StatementPage | undefined {
  if (!wantsPage(limit, cursor)) return undefined;
  const page = pageParams(limit, cursor, 6);
  if (!page.after) return { limit: page.limit, after: null };
  const [occurredAt, causePosition, seq, balancesJson, to, knownAt] = page.after;
  if (!/^[0-9]{1,18}$/.test(causePosition) || !/^[0-9]{1,9}$/.test(seq)) throw bad();
  for (const instant of [occurredAt, to, knownAt]) if (!parseInstant(instant).ok) throw bad();
  let balances: unknown;
  try {
    balances = JSON.parse(balancesJson);
  } catch {
    throw bad();
  }
  if (
    typeof balances !== 'object' ||
    balances === null ||
    Array.isArray(balances) ||
    !Object.entries(balances).every(
      ([currency, amount]) => /^[A-Z]{3}$/.test(currency) && typeof amount === 'string' && /^-?[0-9]{1,30}(\.[0-9]{1,10})?$/.test(amount),
    )
  )
    throw bad();
  return { limit: page.limit, after: { occurredAt, causePosition, seq, balances: balances as Record<string, string>, to, knownAt } };
}
