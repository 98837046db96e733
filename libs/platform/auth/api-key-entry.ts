import { createHash } from 'node:crypto';
import type { Role } from './roles';

/**
 * A configured key known only by its hash, so keys from API_KEYS and the bootstrap admin key
 * (whose plain text is never stored) are held the same way and never kept in memory.
 */
export interface ApiKeyEntry {
  /** Lower-case hex sha256 of the key. */
  keyHash: string;
  role: Role;
  /** Required for role `partner`, absent otherwise. */
  partnerId?: string;
  /** First 12 hex chars of keyHash: safe to log. */
  keyId: string;
}

const KEY_ID_LENGTH = 12;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function keyIdFromHash(keyHash: string): string {
  return keyHash.slice(0, KEY_ID_LENGTH);
}

export function isKeyHash(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

/** Builds the entry for a plain-text key; the key is hashed here and not retained. */
export function apiKeyEntry(key: string, role: Role, partnerId?: string): ApiKeyEntry {
  const keyHash = hashApiKey(key);
  const entry: ApiKeyEntry = { keyHash, role, keyId: keyIdFromHash(keyHash) };
  if (partnerId !== undefined) entry.partnerId = partnerId;
  return entry;
}
