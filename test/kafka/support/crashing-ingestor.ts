/*
 * Test fixture, run as its own process: the real ingestor app, killed with SIGKILL right after
 * its CRASH_AFTER_APPENDS-th chunk with stored events became durable in the event store and
 * before that chunk's offsets are committed: the worst moment for a crash.
 */
import 'reflect-metadata';
import { loadIngestorConfig } from '@ledger/platform/config';
import { createIngestor } from '../../../apps/ingestor/src/create-ingestor';

async function main(): Promise<void> {
  const config = loadIngestorConfig();
  let appends = Number(process.env.CRASH_AFTER_APPENDS ?? 1);
  const app = await createIngestor(config, {
    afterAppend: (chunk) => {
      if (!chunk.verdicts.some((verdict) => verdict.status === 'accepted') || --appends > 0) return;
      process.stdout.write(
        `\ncrashing after appending ${chunk.topic}/${chunk.partition} offsets ${chunk.firstOffset}-${chunk.lastOffset}\n`,
      );
      process.kill(process.pid, 'SIGKILL');
    },
  });
  await app.listen(config.ingestorPort, '127.0.0.1');
}

main().catch((error: unknown) => {
  process.stderr.write(`fixture failed: ${String(error)}\n`);
  process.exit(1);
});
