export * from './attribution-tables';
export * from './migrations';
export * from './get-attribution-policies.query';
export * from './get-conversion-attribution.query';
