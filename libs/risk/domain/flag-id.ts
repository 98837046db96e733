import { createHash } from 'node:crypto';

/**
 * A flag's id, derived from the conversion and the partner, so a rebuild records the same flag
 * (the append answers `duplicate`) and the id is safe in a URL whatever the ids contain.
 */
export function flagIdFor(conversionId: string, partnerId: string): string {
  return `F-${createHash('sha256').update(`${conversionId}\u0000${partnerId}`).digest('hex').slice(0, 20)}`;
}
