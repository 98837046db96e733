export * from './run-simulation';
export * from './simulation-jobs';
export * from './simulation.module';
export * from './simulation-csv';
