import { loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to the embedded store on port 3000 under ./data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, eventStore: 'embedded', databaseUrl: undefined, maxBatchEvents: 1000 });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it.each([
    [{ EVENT_STORE: 'mongo' }, /^EVENT_STORE: must be embedded, postgres or eventstoredb, got "mongo"$/],
    [{ EVENT_STORE: 'postgres' }, /^DATABASE_URL: is required when EVENT_STORE=postgres$/],
    [{ EVENT_STORE: 'eventstoredb' }, /^EVENTSTORE_URL: is required/],
    [{ PORT: 'eighty' }, /^PORT: must be a positive integer, got "eighty"$/],
    [{ PORT: '70000' }, /^PORT: must be at most 65535/],
    [{ MAX_BODY_BYTES: '-1' }, /^MAX_BODY_BYTES: must be a positive integer/],
  ])('names the variable and the reason for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads PostgreSQL settings', () => {
    expect(loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://db/ledger', PORT: '8080' })).toMatchObject({
      eventStore: 'postgres',
      databaseUrl: 'postgres://db/ledger',
      port: 8080,
    });
  });
});
