import { removeEmbeddedTemplate } from './embedded-template';
import { tearDownEventStoreDbForTests } from './eventstoredb';
import { tearDownKafkaForTests } from './kafka';

export default async function globalTeardown(): Promise<void> {
  await tearDownKafkaForTests();
  await tearDownEventStoreDbForTests();
  removeEmbeddedTemplate();
  const container = (globalThis as { __ledgerPgContainer?: { stop(): Promise<unknown> } }).__ledgerPgContainer;
  if (container) await container.stop();
}
