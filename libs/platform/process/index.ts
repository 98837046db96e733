export * from './exit-with-parent';
