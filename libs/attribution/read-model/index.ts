export * from './attribution-tables';
export * from './migrations';
export * from './get-attribution-policies.query';
export * from './get-conversion-attribution.query';
export * from './deal-rows';
export * from './deal-view';
export * from './deal-by-id';
export * from './list-partner-deals.query';
