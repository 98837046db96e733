export * from './projection';
export * from './projection-runner';
export * from './checkpoint-store';
export * from './attribution/attribution.projection';
export * from './attribution/attribution-tables';
export * from './attribution/derived-events';
export * from './attribution/get-conversion-attribution.query';
