import { parseInstant, type DayEdge } from '@ledger/kernel';
import { invalidRequest } from './request-errors';

/**
 * Reads an ISO 8601 UTC instant from a query parameter (parseInstant of @ledger/events, the one
 * reader of instants). A plain date means the whole day: its start for the beginning of a range
 * (`from`), its end for everything else (`asOf=2026-03-31` includes March 31). An impossible date
 * ("2025-02-30") is a 400 naming the parameter, never rolled over.
 */
export function instantParam(name: string, value: unknown, fallback: string, edge?: DayEdge): string;
export function instantParam(name: string, value: unknown, fallback: null, edge?: DayEdge): string | null;
export function instantParam(name: string, value: unknown, fallback: string | null, edge: DayEdge = 'end'): string | null {
  if (value === undefined || value === '') return fallback;
  const parsed = parseInstant(value, { plainDate: edge });
  if (!parsed.ok) throw invalidRequest([{ path: name, message: parsed.message }]);
  return parsed.instant;
}
