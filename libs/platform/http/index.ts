export * from './dependency-unavailable.filter';
export * from './idempotency/idempotency-store';
export * from './idempotency/idempotent.decorator';
export * from './instant-param';
export * from './json-body';
export * from './path-encoding';
export * from './request-errors';
export * from './strict-input.interceptor';
