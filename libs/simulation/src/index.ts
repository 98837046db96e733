export * from './simulation-result';
export * from './simulation';
export * from './simulation-csv';
export * from './simulation-request';
