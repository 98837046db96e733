import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { loadIngestorConfig } from '@ledger/config';
import { createIngestor } from './create-ingestor';

async function main(): Promise<void> {
  const config = loadIngestorConfig();
  let app: INestApplication | undefined;
  // kafkajs gave up (a non-retriable error): stop cleanly and exit non-zero so a supervisor restarts us.
  const onFatal = () => {
    process.exitCode = 1;
    void (app?.close() ?? Promise.resolve()).finally(() => process.exit(1));
  };
  app = await createIngestor(config, { onFatal });
  await app.listen(config.ingestorPort);
  process.stdout.write(
    `partner ledger ingestor consuming ${config.kafka.topics.join(', ')} from ${config.kafka.brokers.join(', ')} as group ${config.kafka.groupId} ` +
      `(store: ${config.eventStore}); health on http://localhost:${config.ingestorPort}/health\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
