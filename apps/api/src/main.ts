import 'reflect-metadata';
import { loadConfig } from '@ledger/config';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port);
  process.stdout.write(`partner ledger API listening on http://localhost:${config.port} (store: ${config.eventStore}, data: ${config.dataDir}); OpenAPI at /docs\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
