export * from './checkpoint-store';
export * from './projection-catch-up';
export * from './projection-host';
export * from './projection-runner';
export * from './projection';
export * from './rebuild-projections';
export * from './reset-projections';
export * from './projections.module';
