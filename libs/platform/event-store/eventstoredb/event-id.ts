import { createHash } from 'node:crypto';

/**
 * Namespace of the ledger's derived event ids. It is part of every stored id: changing it would
 * make resends of already stored facts look new to EventStoreDB's own idempotence check.
 */
export const LEDGER_EVENT_ID_NAMESPACE = 'b86becc2-2675-40d1-a25a-2a71ce4e85c6';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** RFC 9562 UUID version 5: SHA-1 over the namespace's 16 bytes and the name's UTF-8 bytes. */
export function uuidV5(name: string, namespace: string): string {
  if (!UUID.test(namespace)) throw new TypeError(`namespace must be a UUID, got "${namespace}"`);
  const digest = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The EventStoreDB event id of the upstream fact `(source, id)`. Deterministic, so a resend carries
 * the same id and the server's idempotence check recognises it. The NUL separator keeps
 * ("a", "b:c") and ("a:b", "c") apart.
 */
export function eventIdFor(source: string, id: string): string {
  return uuidV5(`${source}\u0000${id}`, LEDGER_EVENT_ID_NAMESPACE);
}
