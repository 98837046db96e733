/** Roles from SPEC §5. A partner key additionally carries the one partner it may see. */
export const ROLES = ['admin', 'ingest', 'finance', 'analyst', 'partner'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Who is calling. `keyId` is a short, non-secret fingerprint of the key (first 12 hex chars
 * of its sha256) so logs and audit fields can name the caller; the key itself must never be
 * logged or returned.
 */
export interface Principal {
  keyId: string;
  role: Role;
  /** Set only for role `partner`. */
  partnerId?: string;
}
