import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '@ledger/platform/config';
import { createApp } from '../../../apps/api/src/create-app';
import { LedgerCli } from '../../cli/support/ledger-cli';

const ROOT = join(__dirname, '../../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-artifacts/console');

/** Why the browser suite cannot run here, or undefined; under CI=true a missing browser fails the run. */
export function browserMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `no Chromium at ${CHROMIUM} (Debian: apt-get install chromium; .ci/run installs it)`;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}: the browser suite cannot be skipped in CI`);
  console.log(`\n[console tests] skipping the browser suite: ${reason}`);
  return reason;
}

/** The console as `npm run build` builds it, into its own directory (the shared dist/ is left alone). */
export async function buildConsole(outDir: string): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/console/vite.config.mts', '--logLevel', 'error'],
    { cwd: ROOT, env: { ...process.env, CONSOLE_OUT_DIR: outDir } },
  );
}

/** `ledger demo` into dataDir (a small program); answers the top partner by commission. */
export async function loadDemo(dataDir: string): Promise<{ topPartner: string }> {
  const cli = await LedgerCli.build();
  try {
    const { code, stdout, stderr } = await cli.run(['demo', '--partners', '12', '--months', '3'], { DATA_DIR: dataDir });
    if (code !== 0) throw new Error(`ledger demo exited ${code}:\n${stdout}\n${stderr}`);
    const topPartner = /^ {2}1\. (P-\d{3}) /m.exec(stdout)?.[1];
    if (!topPartner) throw new Error(`no top partner in the demo summary:\n${stdout}`);
    return { topPartner };
  } finally {
    cli.remove();
  }
}

export interface ConsoleApi {
  url: string;
  app: INestApplication;
  /** GET or POST with a key, as a script would: the figures the pages must show. */
  call<T>(key: string, path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: T }>;
}

/** The real API (with the console) listening on a free port, on the demo's data. */
export async function startConsoleApi(dataDir: string, consoleDir: string, apiKeys: string): Promise<ConsoleApi> {
  const config = loadConfig({ DATA_DIR: dataDir, API_KEYS: apiKeys, LOG_LEVEL: 'silent' });
  const app = await createApp(config, { consoleDir });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    app,
    call: async <T>(key: string, path: string, init: { method?: string; body?: unknown } = {}) => {
      const response = await fetch(url + path, {
        method: init.method ?? 'GET',
        headers: { Authorization: `Bearer ${key}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
    },
  };
}

/** Signs in with the keyboard only: type the key, press Enter; waits for the navigation. */
export async function signIn(browser: Browser, url: string, key: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  (page as Page & { scriptErrors?: string[] }).scriptErrors = errors;
  await page.goto(url);
  await page.locator('#api-key').focus();
  await page.keyboard.type(key);
  await page.keyboard.press('Enter');
  await page.getByTestId('role').waitFor();
  return page;
}

/** Goes to a console path the way a link does (no reload, the key stays in the tab). */
export async function open(page: Page, path: string): Promise<void> {
  await page.evaluate(`history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'));`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The `data-amount` of every money cell in a locator's scope, in order, with its currency. */
export async function amounts(page: Page, selector: string): Promise<Array<{ amount: string; currency: string }>> {
  const cells = page.locator(`${selector} .money`);
  const count = await cells.count();
  const found: Array<{ amount: string; currency: string }> = [];
  for (let i = 0; i < count; i++) {
    const cell = cells.nth(i);
    found.push({ amount: (await cell.getAttribute('data-amount')) ?? '', currency: (await cell.getAttribute('data-currency')) ?? '' });
  }
  return found;
}
