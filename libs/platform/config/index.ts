export * from './app-config';
export * from './ingestor-config';
