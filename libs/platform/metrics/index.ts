export * from './http-metrics';
export * from './ledger-metrics';
export * from './metrics.module';
export * from './metrics.port';
