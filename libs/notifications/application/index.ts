export * from './address-guard';
export * from './kafka-publisher';
export * from './notifications-options';
export * from './notifications.module';
export * from './webhook-dispatcher';
export * from './webhook-sender';
export * from './webhooks.service';
