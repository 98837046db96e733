import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { loadIngestorConfig } from '@ledger/platform/config';
import { assertEmbeddedDatabaseFree } from '@ledger/platform/sql';
import { exitWithParent } from '@ledger/platform/process';
import { createIngestor } from './create-ingestor';

async function main(): Promise<void> {
  const config = loadIngestorConfig();
  // An embedded DATA_DIR another live process (the API) holds is refused when the storage opens (@ledger/sql);
  // checking first gives one line instead of Nest's report.
  if (config.eventStore === 'embedded' || !config.databaseUrl) assertEmbeddedDatabaseFree(config.dataDir);
  // eslint-disable-next-line prefer-const -- a closure above its assignment reads it
  let app: INestApplication | undefined;
  let closing: Promise<void> | undefined;
  const shutDown = (exitCode: number) => {
    closing ??= (app?.close() ?? Promise.resolve()).then(
      () => process.exit(exitCode),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  // SIGTERM/SIGINT: finish and commit the batch in flight, leave the group, close the store, exit 0.
  // A second signal while draining exits at once; the uncommitted chunk is then redelivered.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => (closing ? process.exit(130) : shutDown(0)));
  }
  // kafkajs gave up on a non-retriable error: stop cleanly, exit non-zero so a supervisor restarts us.
  app = await createIngestor(config, { onFatal: () => shutDown(1) });
  await app.listen(config.ingestorPort);
  process.stdout.write(
    `partner ledger ingestor consuming ${config.kafka.topics.join(', ')} from ${config.kafka.brokers.join(', ')} as group ${config.kafka.groupId} ` +
      `(store: ${config.eventStore}); health on http://localhost:${config.ingestorPort}/health\n`,
  );
  exitWithParent(() => shutDown(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
