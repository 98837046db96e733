export * from './simulation-result';
export * from './simulation';
export * from './simulation-csv';
