import { STATUS_CODES } from 'node:http';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { isPaywireError, PROVIDER_NAMES, type PaymentEvent, type Paywire, type ProviderName } from '@paywire/core';
import { paymentWebhooks } from '@paywire/express';
import {
  activateWavepay,
  homePage,
  OrderBook,
  orderPage,
  PRICES,
  startCheckout,
  type CheckoutUrls,
} from '@paywire/example-shop';

/** A text field of the posted form ('' when it is absent or not a single value). */
function formText(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | null | undefined)?.[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** Options of {@link createShopApp}. */
export interface ShopOptions {
  paywire: Paywire;
  urls: CheckoutUrls;
  /** Called for every payment event the webhook handlers receive (the demo prints them). */
  onEvent?: (event: PaymentEvent) => void;
}

/**
 * The 4xx of an error Express or its body parsers raised for the client's request (`err.status` / `err.statusCode`);
 * undefined for anything else. A paywire error is never one: its `status` is the provider's answer, not the client's.
 */
function clientErrorStatus(err: unknown): number | undefined {
  if (isPaywireError(err) || typeof err !== 'object' || err === null) return undefined;
  const { status, statusCode } = err as { status?: unknown; statusCode?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  return typeof code === 'number' && Number.isInteger(code) && code >= 400 && code < 500 ? code : undefined;
}

/** The example shop: home page, orders, checkout per provider, and paywire's webhooks. */
export function createShopApp({ paywire, urls, onEvent }: ShopOptions): { app: Express; orders: OrderBook } {
  const orders = new OrderBook();
  const app = express();
  const record = (event: PaymentEvent) => {
    const order = orders.apply(event);
    onEvent?.(event);
    if (!order) console.warn(`[shop] ${event.type} for unknown order ${event.paymentId ?? '(none)'}`);
  };

  // 1. paywire's webhooks: verified, deduplicated, acknowledged exactly as each provider expects.
  app.use(
    '/webhooks',
    paymentWebhooks({
      paywire,
      on: { 'payment.paid': record, 'payment.failed': record, 'payment.canceled': record, 'payment.pending': record },
    }),
  );

  // 2. The shop.
  app.use(express.urlencoded({ extended: false }));
  app.get('/', (_req, res) => void res.type('html').send(homePage(paywire.providers, orders.list())));
  app.get(
    '/orders.json',
    (_req, res) =>
      void res.json(orders.list().map(({ events, ...o }) => ({ ...o, events: events.map((e) => e.type) }))),
  );

  app.post('/orders', async (req, res) => {
    const provider = formText(req.body, 'provider') as ProviderName;
    if (!PROVIDER_NAMES.includes(provider) || !paywire.isConfigured(provider))
      return void res.status(400).type('text').send('choose a configured provider');
    const customer = formText(req.body, 'customer').trim() || 'guest@example.com';
    const price = PRICES[provider];
    const order = orders.create({
      provider,
      product: 'Coffee beans, 1 kg',
      amount: price.amount,
      currency: price.currency,
      customer,
    });
    const next = await startCheckout(paywire, order, urls);
    res.redirect(303, next);
  });

  app.get('/orders/:id', (req, res) => {
    const order = orders.get(req.params.id);
    if (!order) return void res.status(404).type('text').send('no such order');
    res.type('html').send(
      orderPage(order, {
        wayletApp: urls.wayletApp,
        notice: typeof req.query.notice === 'string' ? req.query.notice : undefined,
      }),
    );
  });

  app.post('/orders/:id/activate', async (req, res) => {
    const order = orders.get(req.params.id);
    if (!order || order.provider !== 'paykassma')
      return void res.status(404).type('text').send('no such Paykassma order');
    const notice = await activateWavepay(paywire, order, formText(req.body, 'transaction').trim());
    res.redirect(303, `/orders/${order.id}?notice=${encodeURIComponent(notice)}`);
  });

  // Client mistakes Express itself reports (a malformed %-escape in the path: 400, a form over the body limit: 413)
  // keep their 4xx; provider errors become a readable page, not a stack trace.
  const errors: ErrorRequestHandler = (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const clientStatus = clientErrorStatus(err);
    if (clientStatus !== undefined)
      return void res
        .status(clientStatus)
        .type('text')
        .send(`Bad request: ${STATUS_CODES[clientStatus] ?? 'client error'}`);
    const status = isPaywireError(err) && err.httpStatus < 500 ? 400 : 502;
    console.error(`[shop] ${isPaywireError(err) ? `${err.code}: ` : ''}${(err as Error).message}`);
    res
      .status(status)
      .type('text')
      .send(`Payment could not be started: ${isPaywireError(err) ? err.code : 'internal error'}`);
  };
  app.use(errors);
  return { app, orders };
}
