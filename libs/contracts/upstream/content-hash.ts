import { createHash } from 'node:crypto';
import type { CloudEvent } from './cloud-event';
import { canonicalJson } from '@ledger/kernel';

/** sha256 (hex) of the event's canonical JSON: equal hashes mean the same content, whatever the key order. */
export function contentHash(event: CloudEvent): string {
  return createHash('sha256').update(canonicalJson(event), 'utf8').digest('hex');
}
