export * from './simulation-request';
export * from './simulation-result';
export * from './simulation';
export * from './risk-what-if';
