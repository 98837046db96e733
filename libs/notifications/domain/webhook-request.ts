import type { FieldError } from '@ledger/kernel';
import { NOTIFICATION_KINDS, isNotificationKind, type NotificationKind } from './notification-kinds';

/** `POST /v1/webhooks`: where to call and which kinds to send there. */
export interface WebhookRequest {
  url: string;
  events: NotificationKind[];
}

const MAX_URL_LENGTH = 2048;

/**
 * Reads a registration: an absolute `http(s)` URL without credentials, and at least one known kind,
 * each once. Whether the host is a public address is checked by the application (it resolves the name).
 */
export function parseWebhookRequest(input: unknown): { ok: true; value: WebhookRequest } | { ok: false; errors: FieldError[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, errors: [{ path: '', message: 'must be a JSON object with url and events' }] };
  const body = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of Object.keys(body))
    if (key !== 'url' && key !== 'events') errors.push({ path: key, message: 'is not a field of a webhook registration' });
  const url = parseUrl(body.url, errors);
  const events = parseEvents(body.events, errors);
  return errors.length > 0 || url === null || events === null ? { ok: false, errors } : { ok: true, value: { url, events } };
}

function parseUrl(value: unknown, errors: FieldError[]): string | null {
  const fail = (message: string) => (errors.push({ path: 'url', message }), null);
  if (value === undefined || value === null) return fail('is required');
  if (typeof value !== 'string' || value.length === 0) return fail('must be an absolute http or https URL');
  if (value.length > MAX_URL_LENGTH) return fail(`must be at most ${MAX_URL_LENGTH} characters`);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return fail('must be an absolute http or https URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return fail('must use http or https');
  if (parsed.username !== '' || parsed.password !== '') return fail('must not carry a user name or password');
  if (parsed.hostname === '') return fail('must name a host');
  return parsed.href;
}

function parseEvents(value: unknown, errors: FieldError[]): NotificationKind[] | null {
  if (value === undefined || value === null) return (errors.push({ path: 'events', message: 'is required' }), null);
  if (!Array.isArray(value) || value.length === 0)
    return (errors.push({ path: 'events', message: `must be a non-empty array of kinds: ${NOTIFICATION_KINDS.join(', ')}` }), null);
  const seen = new Set<string>();
  const before = errors.length;
  value.forEach((kind: unknown, index) => {
    if (!isNotificationKind(kind)) errors.push({ path: `events[${index}]`, message: `must be one of ${NOTIFICATION_KINDS.join(', ')}` });
    else if (seen.has(kind)) errors.push({ path: `events[${index}]`, message: `repeats ${kind}` });
    else seen.add(kind);
  });
  return errors.length > before ? null : (value as NotificationKind[]);
}
