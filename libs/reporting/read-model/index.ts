export * from './get-partner-sourced-revenue.query';
export * from './get-program-kpis.query';
export * from './migrations';
export * from './reporting-tables';
export * from './reporting.projection';
