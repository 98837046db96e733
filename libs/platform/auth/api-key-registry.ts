import { createHash, timingSafeEqual } from 'node:crypto';
import { isKeyHash, keyIdFromHash, type ApiKeyEntry } from './api-key-entry';
import type { Principal } from './roles';

interface StoredKey {
  digest: Buffer;
  principal: Readonly<Principal>;
}

/**
 * The keys this process accepts, held only as sha256 digests. Comparing fixed-length digests
 * with timingSafeEqual keeps the check constant-time whatever the presented key's length.
 */
export class ApiKeyRegistry {
  private readonly keys: readonly StoredKey[];

  constructor(entries: readonly ApiKeyEntry[]) {
    const seen = new Set<string>();
    this.keys = entries.map((entry, index) => {
      if (!isKeyHash(entry.keyHash)) throw new Error(`API key entry ${index + 1} has no valid sha256 hex keyHash`);
      if (seen.has(entry.keyHash)) throw new Error(`API key entry ${index + 1} repeats an earlier key`);
      if (entry.role === 'partner' && !entry.partnerId) throw new Error(`API key entry ${index + 1} has role partner without a partner id`);
      seen.add(entry.keyHash);
      const principal: Principal = { keyId: keyIdFromHash(entry.keyHash), role: entry.role };
      if (entry.role === 'partner') principal.partnerId = entry.partnerId;
      return { digest: Buffer.from(entry.keyHash, 'hex'), principal: Object.freeze(principal) };
    });
  }

  get size(): number {
    return this.keys.length;
  }

  /** The principals (no secrets), e.g. for a startup summary. */
  principals(): Principal[] {
    return this.keys.map(({ principal }) => ({ ...principal }));
  }

  /** Returns who the key belongs to, or undefined for an unknown or empty key. */
  authenticate(presentedKey: string): Principal | undefined {
    if (typeof presentedKey !== 'string' || presentedKey === '') return undefined;
    const digest = createHash('sha256').update(presentedKey, 'utf8').digest();
    let found: Readonly<Principal> | undefined;
    // No early exit: the time taken does not reveal which entry (if any) matched.
    for (const key of this.keys) {
      if (timingSafeEqual(digest, key.digest) && found === undefined) found = key.principal;
    }
    return found === undefined ? undefined : { ...found };
  }
}
