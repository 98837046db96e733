export * from './event-store.port';
export * from './errors';
export * from './sql/sql-event-store';
export * from './open-event-store';
export * from './storage.module';
