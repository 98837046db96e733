import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { AttemptResult, ClaimedDelivery, OutboxEntry } from '@ledger/notifications/read-model';
import { checkedLookup, hostOf, isPublicAddress } from './address-guard';

/** The JSON body of every webhook call (Standard Webhooks' recommended `type`, `timestamp`, `data`). */
export function webhookBody(notification: OutboxEntry): string {
  return JSON.stringify({
    id: notification.notificationId,
    type: notification.kind,
    timestamp: notification.occurredAt,
    partnerId: notification.partnerId,
    data: notification.data,
  });
}

export interface SenderOptions {
  allowPrivate: boolean;
  timeoutMillis: number;
}

const MAX_ERROR_LENGTH = 500;

/**
 * One attempt of one delivery: a POST signed as Standard Webhooks says (`webhook-id` = the
 * notification id, stable across attempts; `webhook-timestamp`; `webhook-signature`, HMAC-SHA256
 * with the webhook's secret, by the `standardwebhooks` library). A 2xx answer within the timeout
 * is delivered; anything else (another status, a redirect, a timeout, a refused address) failed.
 */
export async function sendWebhook(claim: ClaimedDelivery, options: SenderOptions): Promise<AttemptResult & { ok: boolean }> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
  const host = hostOf(claim.url);
  // An address literal is connected to without a lookup: check it here.
  if (isIP(host) !== 0 && !options.allowPrivate && !isPublicAddress(host))
    return { ok: false, statusCode: null, durationMs: 0, error: `${host} is not a public address; the call is refused` };
  const body = webhookBody(claim.notification);
  const timestamp = new Date();
  const signature = new Webhook(claim.secret).sign(claim.notification.notificationId, timestamp, body);
  const url = new URL(claim.url);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: AttemptResult & { ok: boolean }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = request(
      url,
      {
        method: 'POST',
        lookup: checkedLookup(options.allowPrivate),
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'partner-ledger-webhooks/1',
          'webhook-id': claim.notification.notificationId,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
        },
      },
      (res: IncomingMessage) => {
        const statusCode = res.statusCode ?? 0;
        // The answer's body is not needed: drain it, and count the attempt when it has arrived.
        res.resume();
        res.on('end', () => {
          const ok = statusCode >= 200 && statusCode < 300;
          finish({ ok, statusCode, durationMs: elapsed(), error: ok ? null : `answered ${statusCode}` });
        });
        res.on('error', (error) => finish({ ok: false, statusCode, durationMs: elapsed(), error: truncate(error.message) }));
        // Cut before the answer ended (the timeout, the receiver going away): not delivered. After 'end' this is a no-op.
        res.on('close', () =>
          finish({ ok: false, statusCode, durationMs: elapsed(), error: 'the connection closed before the answer ended' }),
        );
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${options.timeoutMillis} ms`)), options.timeoutMillis);
    req.on('error', (error) => finish({ ok: false, statusCode: null, durationMs: elapsed(), error: truncate(error.message) }));
    req.end(body);
  });
}

const truncate = (message: string) => (message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message);
