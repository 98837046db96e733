import { isRfc3339DateTime } from '@ledger/events';
import { invalidRequest } from './request-errors';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads an ISO 8601 UTC instant from a query parameter. A plain date means the whole day: its
 * start for the beginning of a range (`from`), its end for everything else (`asOf=2026-03-31`
 * includes March 31).
 */
export function instantParam(name: string, value: string | undefined, fallback: string, edge?: 'start' | 'end'): string;
export function instantParam(name: string, value: string | undefined, fallback: null, edge?: 'start' | 'end'): string | null;
export function instantParam(name: string, value: string | undefined, fallback: string | null, edge: 'start' | 'end' = 'end'): string | null {
  if (value === undefined || value === '') return fallback;
  if (DATE_ONLY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    return edge === 'start' ? `${value}T00:00:00.000Z` : `${value}T23:59:59.999Z`;
  }
  if (!isRfc3339DateTime(value)) {
    throw invalidRequest([{ path: name, message: `"${value}" is not an ISO 8601 date-time with a zone such as "2026-03-31T23:59:59Z", nor a date such as "2026-03-31"` }]);
  }
  return new Date(Date.parse(value)).toISOString();
}
