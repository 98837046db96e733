import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ProjectionHost } from '@ledger/platform/projections';
import { cloudEvent } from '../support/events';
import {
  amounts,
  browserMissing,
  buildConsole,
  CHROMIUM,
  screenshot,
  signIn,
  startConsoleApi,
  type ConsoleApi,
} from './support/console-harness';

/**
 * Risk holds and disputes in a real browser (SPEC §9, issue 18) against the real API: a self-referral
 * is flagged and its commission held; the partner sees why; finance releases it with a reason and
 * the partner's money moves from held to payable as the API says; the partner disputes a statement
 * line, finance upholds it with an adjustment, and the partner reads the resolution. Every figure
 * checked on a page is the API's own (each money cell carries its decimal string in `data-amount`).
 */
const KEYS = {
  finance: 'risk-console-finance-key-01',
  ingest: 'risk-console-ingest-key-001',
  partner: 'risk-console-partner-key-01',
};
const PARTNER = 'P-ACME';
const FLAGGED = 'C-ACME-SELF-1';
const CLEAN = 'C-GLOBEX-1';
const skip = browserMissing();
const suite = skip ? describe.skip : describe;

interface Balance {
  currency: string;
  pending: string;
  payable: string;
  held?: string;
}
interface Flag {
  flagId: string;
  conversionId: string;
  partnerId: string;
  status: string;
  signals: Array<{ signal: string; evidence: string }>;
  amount: { amount: string; currency: string } | null;
  held: { amount: string; currency: string } | null;
  decision: { decision: string; reason: string } | null;
}
interface Dispute {
  disputeId: string;
  partnerId: string;
  lineId: string | null;
  conversionId: string | null;
  message: string;
  status: string;
  resolution: { outcome: string; reason: string; adjustment: { amount: string; currency: string } | null } | null;
}

suite('risk holds and disputes in the console', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ledger-console-risk-'));
  const consoleDir = join(scratch, 'console');
  let api: ConsoleApi;
  let browser: Browser;
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const balanceOf = async (): Promise<Balance> => {
    const answer = await api.call<{ balances: Balance[] }>(KEYS.finance, `/v1/partners/${PARTNER}/balance`);
    expect(answer.status).toBe(200);
    return answer.body.balances.find((b) => b.currency === 'USD') as Balance;
  };
  const noScriptErrors = (page: Page) => expect((page as Page & { scriptErrors?: string[] }).scriptErrors ?? []).toEqual([]);
  /** The balances table shows the API's figures (a page refetches after a decision: wait for it). */
  const expectBalancesShown = async (page: Page, balance: Balance) => {
    const expected = [balance.pending, balance.payable, balance.held].map((amount) => ({ amount, currency: 'USD' }));
    let shown: Array<{ amount: string; currency: string }> = [];
    for (let tries = 0; tries < 50; tries++) {
      shown = (await amounts(page, '[data-testid=balances] tbody tr')).slice(0, 3);
      if (JSON.stringify(shown) === JSON.stringify(expected)) break;
      await page.waitForTimeout(200);
    }
    expect(shown).toEqual(expected); // Pending, Payable, Held: the first three money cells of the row
  };

  beforeAll(async () => {
    await buildConsole(consoleDir);
    api = await startConsoleApi(
      join(scratch, 'data'),
      consoleDir,
      `${KEYS.finance}:finance,${KEYS.ingest}:ingest,${KEYS.partner}:partner:${PARTNER}`,
    );
    // A partner whose website is acme.example, credited with a deal on acme.example (a self-referral: flagged, held)
    // and with a deal on another account (booked as usual: the line the partner disputes).
    const posted = await api.call<{ results: Array<{ status: string }> }>(KEYS.ingest, '/v1/events', {
      method: 'POST',
      body: [
        cloudEvent(
          'partner.enrolled',
          { partnerId: PARTNER, name: 'Acme Partners', partnerType: 'referral', websiteDomain: 'acme.example' },
          { time: daysAgo(90) },
        ),
        cloudEvent(
          'deal.registered',
          { dealId: 'D-ACME-1', partnerId: PARTNER, accountDomain: 'acme.example' },
          { source: 'crm', time: daysAgo(60) },
        ),
        cloudEvent('deal.approved', { dealId: 'D-ACME-1', protectionDays: 90 }, { source: 'crm', time: daysAgo(59) }),
        cloudEvent(
          'deal.closed_won',
          { conversionId: FLAGGED, customerId: 'CU-ACME', accountDomain: 'acme.example', amount: { amount: '1000.00', currency: 'USD' } },
          { source: 'crm', time: daysAgo(45) },
        ),
        cloudEvent(
          'deal.registered',
          { dealId: 'D-GLOBEX-1', partnerId: PARTNER, accountDomain: 'globex.example' },
          { source: 'crm', time: daysAgo(20) },
        ),
        cloudEvent('deal.approved', { dealId: 'D-GLOBEX-1', protectionDays: 90 }, { source: 'crm', time: daysAgo(19) }),
        cloudEvent(
          'deal.closed_won',
          { conversionId: CLEAN, customerId: 'CU-GLOBEX', accountDomain: 'globex.example', amount: { amount: '500.00', currency: 'USD' } },
          { source: 'crm', time: daysAgo(5) },
        ),
      ],
    });
    expect(posted.status).toBe(200);
    expect(posted.body.results.map((r) => r.status)).toEqual(Array(7).fill('accepted'));
    await api.app.get(ProjectionHost).catchUp();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await api?.app.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('the partner sees its held commission beside pending and payable, and why it is held', async () => {
    const balance = await balanceOf();
    expect(balance.held).not.toBe('0.00'); // the self-referral's commission is held
    const flags = await api.call<{ items: Flag[] }>(KEYS.partner, '/v1/risk/flags?status=open');
    expect(flags.body.items).toHaveLength(1);
    const [flag] = flags.body.items;
    expect(flag.signals.map((s) => s.signal)).toEqual(['self_referral']);

    const page = await signIn(browser, api.url, KEYS.partner);
    await page.getByTestId('balances').waitFor();
    expect(await page.getByTestId('balances').locator('thead th').allTextContents()).toEqual(
      expect.arrayContaining(['Pending', 'Payable', 'Held']),
    );
    await expectBalancesShown(page, balance);
    const held = page.getByTestId('held-flags');
    await held.waitFor();
    expect(await held.textContent()).toContain(flag.signals[0].evidence);
    expect(await held.textContent()).toContain(FLAGGED);
    expect(await amounts(page, '[data-testid=held-flags] tbody')).toEqual([flag.held]);
    await screenshot(page, 'partner-portal-held');
    noScriptErrors(page);
    await page.close();
  }, 60_000);

  it('finance sees the flag in the queue with its evidence and amount, and releases it with a reason', async () => {
    const open = await api.call<{ items: Flag[]; nextCursor: string | null }>(KEYS.finance, '/v1/risk/flags?status=open');
    const flag = open.body.items.find((f) => f.conversionId === FLAGGED) as Flag;
    expect(flag).toMatchObject({ partnerId: PARTNER, status: 'open', decision: null });

    const page = await signIn(browser, api.url, KEYS.finance);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Risk' }).click();
    const queue = page.getByTestId('risk-flags');
    await queue.waitFor();
    expect(await queue.locator('tbody tr').count()).toBe(open.body.items.length);
    const row = queue.locator('tbody tr', { hasText: flag.flagId });
    expect(await row.textContent()).toContain(flag.signals[0].evidence);
    expect(await row.getByRole('link', { name: PARTNER }).getAttribute('href')).toBe(`/partners/${PARTNER}`);
    expect(await row.getByRole('link', { name: FLAGGED }).getAttribute('href')).toBe(`/conversions/${FLAGGED}`);
    expect(await amounts(page, `[data-testid=risk-flags] tbody tr:has-text("${flag.flagId}")`)).toEqual([flag.amount, flag.held]);
    await screenshot(page, 'finance-risk-queue');

    await row.getByRole('button', { name: 'Release…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(flag.flagId);
    const confirm = dialog.getByRole('button', { name: 'Confirm release' });
    expect(await confirm.isDisabled()).toBe(true); // a reason is required
    await dialog.getByLabel('Reason (required)').fill('customer confirmed by phone: a real purchase');
    await screenshot(page, 'finance-risk-release-dialog');
    const sent = page.waitForRequest((request) => request.url().endsWith(`/v1/risk/flags/${flag.flagId}/decision`));
    await confirm.click();
    const request = await sent;
    expect(request.headers()['idempotency-key']).toBeTruthy();
    expect(request.postDataJSON()).toEqual({ decision: 'release', reason: 'customer confirmed by phone: a real purchase' });
    await page.getByTestId('decision-result').waitFor();
    expect(await page.getByTestId('decision-result').textContent()).toContain('released');

    const released = await api.call<{ items: Flag[] }>(KEYS.finance, '/v1/risk/flags?status=released');
    const decided = released.body.items.find((f) => f.flagId === flag.flagId) as Flag;
    expect(decided.decision).toMatchObject({ decision: 'release', reason: 'customer confirmed by phone: a real purchase' });
    // The open queue no longer lists it; the released one shows the decision and what is still held.
    await queue.locator('tbody tr', { hasText: flag.flagId }).waitFor({ state: 'detached' });
    await page.getByLabel('Status').selectOption('released');
    const releasedRow = queue.locator('tbody tr', { hasText: flag.flagId });
    await releasedRow.getByTestId('flag-decision').waitFor();
    expect(await releasedRow.getByTestId('flag-decision').textContent()).toContain('customer confirmed by phone');
    expect(await amounts(page, `[data-testid=risk-flags] tbody tr:has-text("${flag.flagId}")`)).toEqual([decided.amount, decided.held]);

    // The partner's page: the money moved from held to payable, as the API says.
    await releasedRow.getByRole('link', { name: PARTNER }).click();
    await expectBalancesShown(page, await balanceOf());
    await screenshot(page, 'finance-partner-released');
    noScriptErrors(page);
    await page.close();
  }, 60_000);

  it('the partner’s balance moved from held to pending / payable as the API says', async () => {
    const balance = await balanceOf();
    expect(balance.held).toBe('0.00');
    const page = await signIn(browser, api.url, KEYS.partner);
    await page.getByTestId('balances').waitFor();
    await expectBalancesShown(page, balance);
    await page.getByText('No commission is held.').waitFor();
    noScriptErrors(page);
    await page.close();
  }, 60_000);

  it('the partner disputes a statement line, finance upholds it with an adjustment, and the partner reads the resolution', async () => {
    const statement = await api.call<{ lines: Array<{ lineId: string; conversionId: string | null; kind: string }> }>(
      KEYS.partner,
      `/v1/partners/${PARTNER}/statement`,
    );
    const line = statement.body.lines.find((l) => l.conversionId === CLEAN && l.kind === 'accrual');
    expect(line).toBeDefined();
    const message = 'the rate on the Globex deal should be the gold rate';

    const partner = await signIn(browser, api.url, KEYS.partner);
    const nav = partner.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Statement' }).click();
    await partner.getByTestId('statement').waitFor();
    await partner.getByRole('button', { name: `Dispute line ${line?.lineId}` }).click();
    const form = partner.getByRole('dialog');
    await form.getByLabel('What is wrong? (required)').fill(message);
    await screenshot(partner, 'partner-dispute-form');
    await form.getByRole('button', { name: 'Send dispute' }).click();
    await partner.getByTestId('dispute-opened').waitFor();
    const mine = await api.call<{ items: Dispute[] }>(KEYS.partner, '/v1/disputes');
    const dispute = mine.body.items.find((d) => d.message === message) as Dispute;
    expect(dispute).toMatchObject({ partnerId: PARTNER, lineId: line?.lineId, status: 'open', resolution: null });
    expect(await partner.getByTestId('dispute-opened').textContent()).toContain(dispute.disputeId);
    await form.getByRole('button', { name: 'Close' }).click();

    const finance = await signIn(browser, api.url, KEYS.finance);
    await finance.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Disputes' }).click();
    const queue = finance.getByTestId('disputes');
    await queue.waitFor();
    const row = queue.locator('tbody tr', { hasText: dispute.disputeId });
    expect(await row.textContent()).toContain(message);
    expect(await row.textContent()).toContain(line?.lineId);
    expect(await row.textContent()).toContain('open');
    await screenshot(finance, 'finance-disputes');
    await row.getByRole('button', { name: 'Resolve…' }).click();
    const dialog = finance.getByRole('dialog');
    await dialog.getByLabel('Upheld').check();
    await dialog.getByLabel('Adjustment (optional; negative to deduct)').fill('25.00');
    await dialog.getByLabel('Currency').fill('USD');
    await dialog.getByLabel('Reason (required)').fill('gold since March: the difference is added');
    await screenshot(finance, 'finance-dispute-resolve');
    await dialog.getByRole('button', { name: 'Confirm: uphold' }).click();
    await finance.getByTestId('resolution-result').waitFor();
    const resolved = (await api.call<{ items: Dispute[] }>(KEYS.finance, '/v1/disputes?status=upheld')).body.items.find(
      (d) => d.disputeId === dispute.disputeId,
    ) as Dispute;
    expect(resolved.resolution).toMatchObject({
      outcome: 'upheld',
      reason: 'gold since March: the difference is added',
      adjustment: { amount: '25.00', currency: 'USD' },
    });
    expect(await amounts(finance, '[data-testid=resolution-result]')).toEqual([resolved.resolution?.adjustment]);
    noScriptErrors(finance);
    await finance.close();

    await nav.getByRole('link', { name: 'Disputes' }).click();
    const list = partner.getByTestId('my-disputes');
    await list.waitFor();
    const mineRow = list.locator('tbody tr', { hasText: dispute.disputeId });
    await mineRow.getByTestId('dispute-resolution').waitFor();
    expect(await mineRow.textContent()).toContain('upheld');
    expect(await mineRow.textContent()).toContain('gold since March: the difference is added');
    expect(await amounts(partner, `[data-testid=my-disputes] tbody tr:has-text("${dispute.disputeId}")`)).toEqual([
      resolved.resolution?.adjustment,
    ]);
    await screenshot(partner, 'partner-disputes');

    // The adjustment is the ledger's: the portal's balances are the API's after it (a reload: this tab
    // last read them before finance's resolution; the key stays in the tab's session storage).
    await nav.getByRole('link', { name: 'My portal' }).click();
    await partner.reload();
    await partner.getByTestId('balances').waitFor();
    await expectBalancesShown(partner, await balanceOf());
    noScriptErrors(partner);
    await partner.close();
  }, 90_000);
  it('the partner disputes a credited conversion; finance finds it in the queue, linked to its explanation', async () => {
    const message = 'the Globex amount was 600.00, not 500.00';
    const partner = await signIn(browser, api.url, KEYS.partner);
    await partner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Conversions' }).click();
    await partner.getByTestId('conversions').waitFor();
    await partner.getByRole('button', { name: `Dispute conversion ${CLEAN}` }).click();
    const form = partner.getByRole('dialog');
    expect(await form.textContent()).toContain(CLEAN);
    await form.getByLabel('What is wrong? (required)').fill(message);
    await form.getByRole('button', { name: 'Send dispute' }).click();
    await partner.getByTestId('dispute-opened').waitFor();
    const dispute = (await api.call<{ items: Dispute[] }>(KEYS.partner, '/v1/disputes?status=open')).body.items.find(
      (d) => d.message === message,
    ) as Dispute;
    expect(dispute).toMatchObject({ partnerId: PARTNER, conversionId: CLEAN, lineId: null, status: 'open' });
    noScriptErrors(partner);
    await partner.close();

    const finance = await signIn(browser, api.url, KEYS.finance);
    await finance.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Disputes' }).click();
    const row = finance.getByTestId('disputes').locator('tbody tr', { hasText: dispute.disputeId });
    await row.waitFor();
    expect(await row.getByRole('link', { name: CLEAN }).getAttribute('href')).toBe(`/conversions/${CLEAN}`);
    expect(await row.textContent()).toContain(message);
    noScriptErrors(finance);
    await finance.close();
  }, 60_000);
});
