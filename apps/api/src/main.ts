import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { AdminKeyAnnouncement } from '@ledger/platform/auth';
import { loadConfig } from '@ledger/platform/config';
import { assertEmbeddedDatabaseFree } from '@ledger/platform/sql';
import { createApp } from './create-app';
import { exitWithParent } from '@ledger/platform/process';

async function main(): Promise<void> {
  const config = loadConfig();
  // One line instead of Nest's report when another process holds the embedded DATA_DIR (opening it checks again).
  if (config.eventStore === 'embedded' || !config.databaseUrl) assertEmbeddedDatabaseFree(config.dataDir);
  const app: INestApplication = await createApp(config);
  await app.listen(config.port);
  // Only now: a generated admin key printed by a start that then failed would be a key nobody can use.
  app.get(AdminKeyAnnouncement).publish();
  process.stdout.write(
    `partner ledger API listening on http://localhost:${config.port} (store: ${config.eventStore}, data: ${config.dataDir}); OpenAPI at /docs\n`,
  );
  exitWithParent(
    () =>
      void app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      ),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
