export * from './simulation-csv';
export * from './simulation-request';
export * from './simulation-result';
export * from './simulation';
