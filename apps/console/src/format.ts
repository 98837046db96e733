/**
 * Money as the API gives it (decimal strings per currency), shown in the currency's own format.
 * The string is never summed with another currency's; within a currency the console shows the
 * API's figures as they are.
 */
const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat | null {
  let formatter = formatters.get(currency);
  if (!formatter) {
    try {
      formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'code' });
    } catch {
      return null;
    }
    formatters.set(currency, formatter);
  }
  return formatter;
}

/**
 * "1234.50" in USD → "USD 1,234.50". Formats the decimal string digit by digit (no float on the
 * way), so the figure shown is the API's to the last minor unit whatever its size.
 */
export function formatMoney(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount);
  const formatter = formatterFor(currency);
  if (!match || !formatter) return `${currency} ${amount}`;
  const [, sign, whole, fraction = ''] = match;
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  const fractionShown = fraction.length >= digits ? fraction : fraction.padEnd(digits, '0');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign === '-' ? '−' : ''}${currency} ${grouped}${fractionShown ? `.${fractionShown}` : ''}`;
}

/** A ratio such as "0.1330" as "13.3 %". */
export function formatShare(ratio: string | number | null | undefined): string {
  if (ratio === null || ratio === undefined || ratio === '') return '—';
  const value = Number(ratio);
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : String(ratio);
}

/** An ISO instant as "2025-02-22 15:16 UTC"; a plain date stays as it is. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return iso.slice(0, 10);
}

export const shortHash = (hash: string | null | undefined): string => (hash ? `${hash.slice(0, 12)}…` : '—');

/** How long ago an instant was, in words ("3 days", "5 hours", "under an hour"), from `now`. */
export function formatAge(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return '—';
  const elapsed = now - Date.parse(iso);
  if (!Number.isFinite(elapsed)) return '—';
  const hours = Math.floor(elapsed / 3_600_000);
  if (hours < 1) return 'under an hour';
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.floor(hours / 24);
  return `${days} days`;
}
