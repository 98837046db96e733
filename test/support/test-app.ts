import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig, type AppConfig } from '@ledger/platform/config';
import { createApp } from '../../apps/api/src/create-app';
import { seedEmbeddedDatabase } from './embedded-template';

/** At least 16 characters each: shorter keys make start-up fail (SPEC §5). */
export const KEYS = {
  admin: 'test-admin-key-0001',
  ingest: 'test-ingest-key-0001',
  finance: 'test-finance-key-0001',
  analyst: 'test-analyst-key-0001',
  partner: 'test-partner-key-0001',
};

export const TEST_API_KEYS = `${KEYS.admin}:admin,${KEYS.ingest}:ingest,${KEYS.finance}:finance,${KEYS.analyst}:analyst,${KEYS.partner}:partner:P-1`;

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  http: ReturnType<typeof request>;
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** The real HTTP app on a fresh embedded store under a temporary DATA_DIR. */
export async function startTestApp(env: Record<string, string> = {}, dataDir?: string): Promise<TestApp> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-app-'));
  // A fresh DATA_DIR starts from the run's initialised cluster (see embedded-template.ts).
  if (env.EVENT_STORE !== 'postgres') seedEmbeddedDatabase(dir);
  const config = loadConfig({ DATA_DIR: dir, API_KEYS: TEST_API_KEYS, LOG_LEVEL: 'silent', ...env });
  const app = await createApp(config);
  await app.init();
  return {
    app,
    config,
    http: request(app.getHttpServer()),
    close: async (options = {}) => {
      await app.close();
      if (!options.keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
