import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RequestError, type FieldError } from '@ledger/kernel';
import type { WebhookRequest } from '@ledger/notifications/domain';
import {
  deleteSubscription,
  findSubscription,
  insertSubscription,
  listDeliveries,
  listSubscriptions,
  replayDelivery,
  type DeliveryStatus,
  type DeliveryView,
  type WebhookView,
} from '@ledger/notifications/read-model';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import type { Page, PageRequest } from '@ledger/platform/http';
import type { SqlDatabase } from '@ledger/platform/sql';
import { addressProblem } from './address-guard';
import { NOTIFICATIONS_OPTIONS, type NotificationsOptions } from './notifications-options';

/** The registration cannot be accepted as sent (HTTP 400, naming the field). */
export class InvalidWebhookError extends RequestError {
  readonly kind = 'invalid' as const;

  constructor(errors: FieldError[]) {
    super(errors.map((error) => `${error.path}: ${error.message}`).join('; '), errors);
  }
}

/** No such webhook, or no such delivery of it (HTTP 404). */
export class WebhookNotFoundError extends RequestError {
  readonly kind = 'not_found' as const;
}

/** What a registration answers, once: the id and the signing secret. */
export interface RegisteredWebhook {
  id: string;
  secret: string;
}

/**
 * Webhook registrations and their delivery log. Registrations are operational configuration, not
 * facts of the ledger: they live in SQL (like idempotency keys), are never rebuilt from events, and
 * hold the secret the deliveries are signed with.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: SqlDatabase,
    @Inject(NOTIFICATIONS_OPTIONS) private readonly options: NotificationsOptions,
  ) {}

  async register(request: WebhookRequest, createdBy: string): Promise<RegisteredWebhook> {
    const problem = await addressProblem(request.url, this.options.allowPrivate);
    if (problem) throw new InvalidWebhookError([{ path: 'url', message: problem }]);
    const webhook = { id: `wh_${randomBytes(12).toString('hex')}`, secret: `whsec_${randomBytes(32).toString('base64')}` };
    await insertSubscription(this.db, { ...webhook, url: request.url, events: request.events, createdBy });
    return webhook;
  }

  list(page: PageRequest): Promise<Page<WebhookView>> {
    return listSubscriptions(this.db, page);
  }

  async delete(id: string): Promise<void> {
    const deleted = await this.db.transaction((tx) => deleteSubscription(tx, id));
    if (!deleted) throw new WebhookNotFoundError(`no webhook ${id}`);
  }

  async deliveries(id: string, status: DeliveryStatus | undefined, page: PageRequest): Promise<Page<DeliveryView>> {
    if (!(await findSubscription(this.db, id, true))) throw new WebhookNotFoundError(`no webhook ${id}`);
    return listDeliveries(this.db, id, status, page);
  }

  async replay(id: string, deliveryId: string): Promise<DeliveryView> {
    if (!(await findSubscription(this.db, id))) throw new WebhookNotFoundError(`no webhook ${id}`);
    const delivery = await replayDelivery(this.db, id, deliveryId);
    if (!delivery) throw new WebhookNotFoundError(`webhook ${id} has no delivery ${deliveryId}`);
    return delivery;
  }
}
