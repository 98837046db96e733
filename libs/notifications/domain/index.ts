export * from './notification-kinds';
export * from './notification';
export * from './notifications-of';
export * from './retry-schedule';
export * from './webhook-request';
