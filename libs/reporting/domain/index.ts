export * from './partner-profile';
export * from './program-kpis';
export * from './report-periods';
