/**
 * `pnpm demo`: the sandbox and the Express example shop on 127.0.0.1, one full payment per provider plus a refused
 * one, each driven like a customer would (order → provider page → pay), with every event printed as the shop's
 * handler receives it. Exits 0 when every order ends as expected, non-zero saying why otherwise.
 *   SHOP_PORT / SANDBOX_PORT: fixed ports (default: free ones)
 */
import type { PaymentEvent, ProviderName } from '@paywire/core';
import { click, link, open, waitFor, type Page } from '@paywire/example-shop/customer';
import { startShopStack } from './stack.js';

interface Flow {
  title: string;
  provider: ProviderName;
  expect: 'paid' | 'failed' | 'canceled';
  /** From the order page the shop redirected to, do what the customer does. */
  pay(page: Page, ctx: { sandboxUrl: string; orderId: string }): Promise<unknown>;
}

const FLOWS: Flow[] = [
  {
    title: 'Waylet: payment pushed to the customer app, approved there',
    provider: 'waylet',
    expect: 'paid',
    pay: async (page, { orderId }) => click(await open(link(page, 'waylet-app')), `pay-${orderId}`),
  },
  {
    title: 'Waylet: payment refused in the app',
    provider: 'waylet',
    expect: 'failed',
    pay: async (page, { orderId }) => click(await open(link(page, 'waylet-app')), `refuse-${orderId}`),
  },
  {
    title: 'Paylican: invoice, Keycloak redirect, hosted payment page',
    provider: 'paylican',
    expect: 'paid',
    pay: (page) => click(page, 'pay'),
  },
  {
    title: 'Paykassma: Wavepay transfer, transaction number typed in the shop',
    provider: 'paykassma',
    expect: 'paid',
    pay: (page) => click(page, 'activate', { transaction: `1${String(Date.now()).slice(-9)}` }),
  },
  {
    title: 'ETpay: session, bank-transfer funnel, JWT notification',
    provider: 'etpay',
    expect: 'paid',
    pay: (page) => click(page, 'pay'),
  },
];

const line = (s = '') => process.stdout.write(`${s}\n`);

async function main(): Promise<number> {
  const quiet = { debug() {}, info() {}, warn() {}, error: (m: string) => line(`  [paywire] ${m}`) };
  const events: PaymentEvent[] = [];
  // Paylican sends no currency (the merchant account's is fixed at onboarding): the shop's order knows it
  const currencyOf = (e: PaymentEvent) =>
    e.amount?.currency ?? (e.paymentId ? stack?.orders.get(e.paymentId)?.currency : undefined) ?? '';
  const stack: Awaited<ReturnType<typeof startShopStack>> | undefined = await startShopStack({
    shopPort: Number(process.env.SHOP_PORT ?? 0),
    sandboxPort: Number(process.env.SANDBOX_PORT ?? 0),
    logger: quiet,
    onEvent: (e) => {
      events.push(e);
      line(
        `  ⚡ handler received ${e.type} from ${e.provider} (${e.source}): order ${e.paymentId}, ${e.amount ? `${e.amount.value} ${currencyOf(e)} (${e.amount.unit} unit)` : 'no amount'}${e.failure ? `, failure ${e.failure.code ?? ''}` : ''}`,
      );
    },
  });
  const { shopUrl, sandbox, orders } = stack;
  line(`sandbox ${sandbox.url} · shop ${shopUrl}\n`);

  const failures: string[] = [];
  for (const [i, flow] of FLOWS.entries()) {
    line(`${i + 1}. ${flow.title}`);
    try {
      const customer = `demo-${i + 1}@example.com`;
      const start = await fetch(`${shopUrl}/orders`, {
        method: 'POST',
        body: new URLSearchParams({ provider: flow.provider, customer }),
        redirect: 'follow',
      });
      const page: Page = { url: start.url, status: start.status, html: await start.text() };
      if (start.status !== 200)
        throw new Error(`placing the order answered ${start.status}: ${page.html.slice(0, 200)}`);
      const order = orders.list()[0];
      if (!order) throw new Error('the shop created no order');
      line(`  order ${order.id} placed; customer is on ${new URL(page.url).pathname}`);
      await flow.pay(page, { sandboxUrl: sandbox.url, orderId: order.id });
      const status = await waitFor(`order ${order.id} to leave "pending"`, async () =>
        order.status === 'pending' ? undefined : order.status,
      );
      if (status !== flow.expect) throw new Error(`order ${order.id} ended ${status}, expected ${flow.expect}`);
      line(`  ✓ order ${order.id} is ${status}\n`);
    } catch (err) {
      failures.push(`${flow.title}: ${(err as Error).message}`);
      line(`  ✗ ${(err as Error).message}\n`);
    }
  }
  await sandbox.settled();
  const attempts = sandbox.state.list().flatMap((p) => p.attempts);
  line(
    `${events.length} events handled; the sandbox made ${attempts.length} callback attempts (${attempts.filter((a) => a.accepted).length} acknowledged).`,
  );
  await stack.close();
  if (failures.length > 0) {
    line(`\nDEMO FAILED (${failures.length}):\n - ${failures.join('\n - ')}`);
    return 1;
  }
  line('\nDemo passed: every provider took a payment end to end.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    line(`DEMO FAILED: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
