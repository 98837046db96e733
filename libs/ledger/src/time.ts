const DAY_MS = 86_400_000;

/** Ledger times are ISO 8601 UTC with milliseconds, so equal instants are equal strings (hashes depend on it). */
export function normalizeTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`ledger: "${iso}" is not a valid date-time`);
  return new Date(ms).toISOString();
}

export function addDaysIso(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}

export function laterOf(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

export function notAfter(a: string, b: string): boolean {
  return Date.parse(a) <= Date.parse(b);
}
