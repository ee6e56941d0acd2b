/**
 * A person's view: headless Chromium (Debian's, installed by scripts/ensure-chromium.sh from `pnpm test`) opens the
 * Express example shop, orders with ETpay, picks a bank and pays on the sandbox's hosted funnel page, is sent back to
 * the shop, and sees the order turn paid. Screenshots land in test-output/browser/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startShopStack, type ShopStack } from '@paywire/example-express/stack';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = fileURLToPath(new URL('../test-output/browser/', import.meta.url));
const available = existsSync(CHROMIUM);

describe.runIf(available)('browser: a customer pays in the example shop', () => {
  let stack: ShopStack;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    stack = await startShopStack({ logger: { debug() {}, info() {}, warn() {}, error() {} } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('ETpay: order → bank funnel → Pay → the order page says paid', async () => {
    const page = await browser.newPage();
    await page.goto(stack.shopUrl);
    await page.selectOption('#provider', 'etpay');
    await page.fill('#customer', 'carla@example.cl');
    await page.screenshot({ path: `${shots}1-shop.png` });
    await Promise.all([page.waitForURL(/\/etpay\/session\//), page.click('#buy')]);
    expect(await page.textContent('body')).toContain('CLP');
    await page.selectOption('#bank', { index: 1 });
    await page.screenshot({ path: `${shots}2-etpay-funnel.png` });
    await Promise.all([page.waitForURL(/\/orders\/ORD/), page.click('#pay')]);
    await page.waitForSelector('#status.paid', { timeout: 15_000 }); // the page refreshes itself while pending
    await page.screenshot({ path: `${shots}3-order-paid.png` });
    expect(await page.textContent('#status')).toBe('paid');
    expect(stack.orders.list()[0]?.events.map((e) => e.type)).toEqual(['payment.paid']);
  }, 60_000);

  it('Waylet: the order page links to the Waylet app, approving there turns the order paid', async () => {
    const page = await browser.newPage();
    await page.goto(stack.shopUrl);
    await page.selectOption('#provider', 'waylet');
    await page.fill('#customer', 'dani@example.es');
    await Promise.all([page.waitForURL(/\/orders\/ORD/), page.click('#buy')]);
    const orderUrl = page.url();
    const orderId = orderUrl.split('/').pop() as string;
    await Promise.all([page.waitForURL(/\/waylet\/app\//), page.click('#waylet-app')]);
    await page.screenshot({ path: `${shots}4-waylet-app.png` });
    await page.click(`#pay-${orderId}`);
    await page.goto(orderUrl);
    await page.waitForSelector('#status.paid', { timeout: 15_000 });
    expect(await page.textContent('#status')).toBe('paid');
  }, 60_000);
});

it.skipIf(available || process.env.CI !== 'true')('CI has Chromium for the browser test', () => {
  expect.fail(`${CHROMIUM} is missing: scripts/ensure-chromium.sh should have installed it`);
});
