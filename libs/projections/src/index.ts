export * from './projection';
export * from './projection-runner';
export * from './checkpoint-store';
