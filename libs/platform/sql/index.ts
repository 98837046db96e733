export * from './directory-lock';
export * from './embedded-location';
export * from './open-database';
export * from './pglite-database';
export * from './postgres-database';
export * from './sql-database';
export * from './migrations';
