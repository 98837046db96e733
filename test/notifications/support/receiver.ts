import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One call the receiver got: whether its signature verified, and what it answered. */
export interface ReceivedCall {
  webhookId: string;
  type: string;
  partnerId: string;
  verified: boolean;
  answered: number | 'hung';
  body: { id: string; type: string; timestamp: string; partnerId: string; data: Record<string, unknown> };
}

export type Behaviour = 'ok' | 'fail' | 'hang';

/**
 * A real HTTP webhook receiver, as a partner would run one: it verifies every call with
 * standardwebhooks' `Webhook.verify` (400 when it does not verify) and answers as `behave` says:
 * 200, a 500 on purpose, or no answer at all (the ledger's timeout ends the call).
 */
export class WebhookReceiver {
  readonly calls: ReceivedCall[] = [];
  /** webhook-id of every call as it arrives (before it is answered). */
  readonly arrivals: string[] = [];
  /** Calls arrived and not answered yet. */
  inFlight = 0;
  /** How long each answer takes. */
  delayMillis = 0;
  secret = '';
  behave: (call: Omit<ReceivedCall, 'answered'>, index: number) => Behaviour = () => 'ok';
  private server: Server | undefined;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/ledger`;
  }

  /** Notification ids answered 200 after a verified signature, in arrival order. */
  delivered(): ReceivedCall[] {
    return this.calls.filter((call) => call.verified && call.answered === 200);
  }

  async start(port = 0): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Stops answering at once: connections are cut, new ones refused. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    this.arrivals.push(String(req.headers['webhook-id']));
    this.inFlight += 1;
    if (this.delayMillis > 0) await sleep(this.delayMillis);
    this.inFlight -= 1;
    let verified = false;
    try {
      new Webhook(this.secret).verify(raw, req.headers as Record<string, string>);
      verified = true;
    } catch {
      verified = false;
    }
    const body = JSON.parse(raw) as ReceivedCall['body'];
    const call = { webhookId: String(req.headers['webhook-id']), type: body.type, partnerId: body.partnerId, verified, body };
    const behaviour = verified ? this.behave(call, this.calls.length) : 'fail';
    if (behaviour === 'hang') {
      this.calls.push({ ...call, answered: 'hung' });
      return; // no answer: the sender's timeout ends it
    }
    const status = !verified ? 400 : behaviour === 'fail' ? 500 : 200;
    this.calls.push({ ...call, answered: status });
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no');
  }
}

/** For each partner, the notification ids in the order they first arrived. */
export function firstArrivalsByPartner(calls: readonly ReceivedCall[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const call of calls) {
    const ids = result.get(call.partnerId) ?? [];
    if (!ids.includes(call.webhookId)) ids.push(call.webhookId);
    result.set(call.partnerId, ids);
  }
  return result;
}

/** The outbox as the ledger wrote it: per partner, notification ids in outbox order. */
export function byPartner(rows: ReadonlyArray<{ notification_id: string; partner_id: string }>): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const row of rows) result.set(row.partner_id, [...(result.get(row.partner_id) ?? []), row.notification_id]);
  return result;
}

export function sleep(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}

export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMillis = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMillis) throw new Error(`timed out after ${timeoutMillis} ms waiting for ${what}`);
    await sleep(50);
  }
}
