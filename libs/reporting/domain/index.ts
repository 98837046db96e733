export * from './partner-profile';
export * from './program-kpis';
