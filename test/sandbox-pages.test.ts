/**
 * The sandbox's pages as a person sees them, in headless Chromium at desktop (1280 px) and phone (390 px) width:
 * the dashboard links to the customer pages, refused callbacks are marked and their long error text wraps, the
 * table fits a phone screen, Paylican amounts show their currency. Screenshots: test-output/sandbox-pages/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createPaywire } from '@paywire/core';
import { createSandbox, sandboxCredentials, type Sandbox } from '@paywire/sandbox';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = fileURLToPath(new URL('../test-output/sandbox-pages/', import.meta.url));
const available = existsSync(CHROMIUM);
const LONG_ERROR = `{"error":{"code":"ERR_SIGNATURE_INVALID","message":"paykassma postback: signature mismatch for ${'x'.repeat(180)}"}}`;

describe.runIf(available)('sandbox pages in a browser', () => {
  let sandbox: Sandbox;
  let merchant: Server;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    // a merchant that acknowledges Waylet and refuses every Paykassma postback with a long error
    merchant = createServer((req, res) => {
      req.resume();
      if (req.url?.includes('paykassma')) res.writeHead(401, { 'content-type': 'application/json' }).end(LONG_ERROR);
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => merchant.listen(0, '127.0.0.1', r));
    const m = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}`;
    sandbox = await createSandbox({
      port: 0,
      retryIntervalMs: 10,
      merchant: {
        paykassmaPostbackUrl: `${m}/webhooks/paykassma`,
        paylicanWebhookUrl: `${m}/webhooks/paylican`,
        etpayWebhookUrl: `${m}/webhooks/etpay`,
      },
    });
    const paywire = createPaywire({
      providers: sandbox.providers(),
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    await paywire.waylet.startPayment({
      customer: 'ana@example.com',
      amount: 350,
      paymentId: 'order-waylet-1',
      callbackUrl: `${m}/webhooks/waylet`,
    });
    await paywire.paylican.createPayment({
      amount: '5100.00',
      type: 'SHOP',
      customerCode: 'C-1',
      merchantReference: 'REF-5100',
      redirectionUrl: `${m}/back`,
    });
    await paywire.etpay.initializeSession({ merchantOrderId: 'A1001', orderAmount: 15990 });
    const secret = encodeURIComponent(sandboxCredentials.paykassma.apiSecret);
    await fetch(`${sandbox.url}/paykassma/api/v1/transaction/activate?secret=${secret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        currency_code: 'MMK',
        wallet_type: 'wavepay',
        label: 'user-1',
        key1: '1234567890',
        amount: 5000,
        custom_transaction_id: 'dep-1',
      }),
    });
    await sandbox.settled();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    merchant?.close();
  });

  async function open(width: number, height: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(sandbox.url);
    return page;
  }

  it('desktop: links to every customer page, refused callbacks marked, Paylican in its currency', async () => {
    const page = await open(1280, 900);
    // pay the Waylet payment from the Waylet app the dashboard links to, and come back
    await Promise.all([page.waitForURL(/\/waylet\/app\//), page.click('tr[data-provider="waylet"] a.customer-page')]);
    await page.click('#pay-order-waylet-1');
    await sandbox.settled();
    await page.goto(sandbox.url);
    await page.screenshot({ path: `${shots}dashboard-desktop.png`, fullPage: true });
    const hrefs = await page.$$eval('a.customer-page', (as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/waylet\/app\//),
        expect.stringMatching(/^\/paylican\/api\/v1\/pay\/SHOP\/REF-5100\//),
        expect.stringMatching(/^\/etpay\/session\//),
      ]),
    );
    expect(await page.getAttribute('#paykassma-window', 'href')).toContain('/paykassma/plugin/?');
    expect(await page.textContent('tr[data-provider="paylican"] .amount-cell')).toBe('5100.00 XAF');
    expect(await page.locator('tr[data-provider="paykassma"] .attempt.refused').count()).toBeGreaterThan(1);
    expect(await page.textContent('tr[data-provider="paykassma"] .attempt.refused >> nth=0')).toContain('✗ refused');
    expect(await page.textContent('tr[data-provider="waylet"] .attempt.accepted')).toContain('✓ accepted');
    const paylican = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await paylican.goto(`${sandbox.url}${hrefs.find((h) => h?.startsWith('/paylican')) ?? ''}`);
    expect(await paylican.textContent('#currency')).toBe('XAF');
    await paylican.screenshot({ path: `${shots}paylican-invoice-desktop.png` });
  }, 60_000);

  it('phone: nothing is wider than the screen, long error text wraps', async () => {
    const page = await open(390, 844);
    await page.screenshot({ path: `${shots}dashboard-phone.png`, fullPage: true });
    const { scroll, width } = await page.evaluate<{ scroll: number; width: number }>(
      '({ scroll: document.documentElement.scrollWidth, width: window.innerWidth })',
    );
    expect(scroll).toBeLessThanOrEqual(width);
    const answer = page.locator('.attempt.refused .answer').first();
    const box = await answer.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(390);
    expect(box?.height).toBeGreaterThan(30); // several lines: wrapped, not cut or overflowing
    for (const path of ['/etpay/session/', '/waylet/app/ana%40example.com']) {
      const href = path.startsWith('/etpay')
        ? await page.getAttribute('tr[data-provider="etpay"] a.customer-page', 'href')
        : path;
      await page.goto(`${sandbox.url}${href}`);
      const fits = await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
      expect({ href, fits }).toEqual({ href, fits: true });
      await page.screenshot({ path: `${shots}${path.split('/')[1]}-phone.png`, fullPage: true });
    }
  }, 60_000);
});

it.skipIf(available || process.env.CI !== 'true')('CI has Chromium for the sandbox pages test', () => {
  expect.fail(`${CHROMIUM} is missing: scripts/ensure-chromium.sh should have installed it`);
});
