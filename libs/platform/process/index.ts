export * from './exit-with-parent';
export * from './probe';
