export * from './event-store.port';
export * from './errors';
export * from './sql/sql-event-store';
export * from './eventstoredb/eventstoredb-event-store';
export { EventStoreConfigError, EventStoreUnavailableError } from './eventstoredb/eventstoredb-errors';
export { DEFAULT_NAMESPACE as DEFAULT_EVENTSTORE_NAMESPACE } from './eventstoredb/stream-names';
export * from './open-event-store';
export * from './storage.module';
