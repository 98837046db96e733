import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@ledger/platform/config';
import { exitWithParent } from '@ledger/platform/process';
import { ProjectorModule } from './projector.module';

/**
 * The projections in a process of their own (same image as the API): the API then runs with
 * RUN_PROJECTIONS=false and a catch-up never slows its requests. Needs a database both can open
 * (DATABASE_URL): the embedded default keeps everything in the API process.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.eventStore === 'embedded' || !config.databaseUrl) {
    throw new Error(
      'the projector needs DATABASE_URL and EVENT_STORE=postgres or eventstoredb (the embedded database opens in one process only)',
    );
  }
  const app = await NestFactory.create(ProjectorModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen(config.projectorPort);
  process.stdout.write(
    `partner ledger projector running the projections (store: ${config.eventStore}); health on http://localhost:${config.projectorPort}/health\n`,
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
