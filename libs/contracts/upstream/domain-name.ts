/**
 * Account domains ("acme.com", "www.acme.co.uk") as CRM and billing send them. Labels are letters,
 * digits and inner hyphens, at least two labels, and the top-level label starts with a letter, so
 * URLs, e-mail addresses and IP addresses are refused. Case is kept as sent; attribution compares
 * domains lower-cased without "www." (SPEC §3).
 */
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const TOP_LEVEL_LABEL = '[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const DOMAIN_NAME = new RegExp(`^(?:${LABEL}\\.)+${TOP_LEVEL_LABEL}$`);
export const MAX_DOMAIN_NAME_LENGTH = 253;

export function isDomainName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_DOMAIN_NAME_LENGTH && DOMAIN_NAME.test(value);
}
