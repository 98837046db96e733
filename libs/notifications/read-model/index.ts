export * from './migrations';
export * from './notification-cursors';
export * from './outbox';
export * from './webhook-deliveries';
export * from './webhook-subscriptions';
