import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** `describe` when PostgreSQL was found by the global set-up, else a skip that prints why. */
export function describeWithPostgres(name: string, body: () => void): void {
  const skip = process.env.LEDGER_TEST_PG_SKIP;
  if (!process.env.LEDGER_TEST_PG_URL) {
    describe.skip(`${name} (skipped: ${skip ?? 'PostgreSQL not configured'})`, body);
    return;
  }
  describe(name, body);
}

/** A throw-away database on the test server, so suites never see each other's rows. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.LEDGER_TEST_PG_URL as string;
  const name = `ledger_test_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
