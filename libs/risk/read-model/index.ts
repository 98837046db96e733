export * from './list-disputes.query';
export * from './list-risk-flags.query';
export * from './list-risk-policies.query';
export * from './migrations';
export * from './risk-flag-view';
export * from './risk-rows';
export * from './risk-tables';
