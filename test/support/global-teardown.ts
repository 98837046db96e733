export default async function globalTeardown(): Promise<void> {
  const container = (globalThis as { __ledgerPgContainer?: { stop(): Promise<unknown> } }).__ledgerPgContainer;
  if (container) await container.stop();
}
