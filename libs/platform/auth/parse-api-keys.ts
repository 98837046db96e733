import { apiKeyEntry, type ApiKeyEntry } from './api-key-entry';
import { isRole, ROLES } from './roles';

/** Shorter keys can be guessed or typed from memory; generated ones (e.g. `openssl rand -hex 24`) are far longer. */
export const MIN_API_KEY_LENGTH = 16;

const VALID_ROLES = ROLES.map((role) => (role === 'partner' ? 'partner:<partnerId>' : role)).join(', ');

/**
 * Parses `API_KEYS` (SPEC §5): comma-separated `key:role`, split at the FIRST colon so
 * `k7:partner:P-1` is key `k7` with role partner for partner `P-1`.
 *
 * Errors name the entry by its 1-based position and never echo any text of the entry: a
 * swapped `role:key` would otherwise put the secret into startup logs.
 * Blank entries (e.g. a trailing comma) are skipped but still count for positions, so
 * "entry 3" is always the third comma-separated item.
 */
export function parseApiKeys(raw: string | undefined): ApiKeyEntry[] {
  if (raw === undefined || raw.trim() === '') return [];
  const entries: ApiKeyEntry[] = [];
  const positionByHash = new Map<string, number>();

  raw.split(',').forEach((item, index) => {
    const position = index + 1;
    const text = item.trim();
    if (text === '') return;
    const fail = (reason: string): never => {
      throw new Error(`API_KEYS entry ${position} ${reason}`);
    };

    const colon = text.indexOf(':');
    if (colon < 0) fail('has no role: expected "key:role"');
    const key = text.slice(0, colon).trim();
    const roleText = text.slice(colon + 1).trim();
    if (key === '') fail('has an empty key: expected "key:role"');
    // Bearer tokens cannot carry whitespace, so such a key could never authenticate.
    if (/\s/.test(key)) fail('has whitespace inside the key');
    if (roleText === '') fail('has no role after the colon');

    const roleColon = roleText.indexOf(':');
    const role = roleColon < 0 ? roleText : roleText.slice(0, roleColon).trim();
    const qualifier = roleColon < 0 ? undefined : roleText.slice(roleColon + 1).trim();
    if (!isRole(role)) {
      const hint = isRole(role.toLowerCase()) ? ' (roles are lower case)' : '';
      fail(`has an unknown role${hint}; valid roles are ${VALID_ROLES}`);
    }
    if (role === 'partner' && !qualifier) fail('has role partner without a partner id: expected "key:partner:<partnerId>"');
    if (role !== 'partner' && qualifier !== undefined) fail(`has role ${role}, which takes no ":<qualifier>"; only partner does`);
    // After the role checks, so a swapped "role:key" is reported as such.
    if (key.length < MIN_API_KEY_LENGTH)
      fail(`has a key shorter than ${MIN_API_KEY_LENGTH} characters; use a long random key, e.g. from \`openssl rand -hex 24\``);

    const entry = apiKeyEntry(key, role as ApiKeyEntry['role'], role === 'partner' ? qualifier : undefined);
    const earlier = positionByHash.get(entry.keyHash);
    if (earlier !== undefined) fail(`repeats the key of entry ${earlier}; each key must be unique`);
    positionByHash.set(entry.keyHash, position);
    entries.push(entry);
  });
  return entries;
}
