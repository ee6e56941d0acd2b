import { randomBytes } from 'node:crypto';
import { testing } from '@paywire/core/testing';
import {
  signCancelPayment,
  signRefundPayment,
  signStartPayment,
  signStartQrPayment,
  signatureMatches,
} from '@paywire/core/waylet';
import type { Emulator, EmulatorContext } from '../context.js';
import { button, esc, page } from '../html.js';
import { empty, json, own, redirect, stringField, type SandboxRequest, type SandboxResponse } from '../http.js';
import type { SandboxPayment } from '../state.js';
import type { TriggerBuilder } from '../triggers.js';
import { defineSandboxProvider, derive } from './types.js';

/** The sandbox's public Waylet test credentials. */
const creds = {
  apiKey: 'sandbox-waylet-api-key',
  commerceId: 'sandbox-commerce-0001',
  secret: 'sandbox-waylet-secret',
} as const;
const API = '/waylet/api';
/** Waylet's retry rule is not public; the sandbox retries a non-2xx answer 3 times. */
const RETRY = { maxAttempts: 4, intervalMs: 1000 };

type Body = Record<string, unknown>;
/** What each button of the app page does to a PENDING payment. */
const ACTIONS: Readonly<Record<string, 'PAID' | 'REFUSED' | 'CANCELED'>> = {
  pay: 'PAID',
  refuse: 'REFUSED',
  cancel: 'CANCELED',
};
/** A stored return URL (checked to be a URL string when the web payment started); '' when absent. */
const urlText = (value: unknown) => (typeof value === 'string' ? value : '');
const badRequest = (message: string) => json(400, { code: 'BAD_REQUEST', message });
/** A non-empty string field. */
const filled = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
/** An amount sent as decimal text or a number (refunds and web transactions send text); undefined for anything else. */
const amountText = (v: unknown): string | undefined =>
  typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)
    ? v
    : typeof v === 'number' && Number.isFinite(v) && v >= 0
      ? String(v)
      : undefined;

function authenticate(req: SandboxRequest): SandboxResponse | undefined {
  if (req.headers['x-openwaylet-apikey'] !== creds.apiKey)
    return json(401, { code: 'UNAUTHORIZED', message: 'missing or wrong x-openwaylet-apikey header' });
  const body = req.body as Body | undefined;
  if (!body || typeof body !== 'object') return json(400, { code: 'BAD_REQUEST', message: 'a JSON body is required' });
  if (body.commerceId !== creds.commerceId) return json(403, { code: 'FORBIDDEN', message: 'unknown commerceId' });
  return undefined;
}

function checkSignature(body: Body, expected: string): SandboxResponse | undefined {
  const signature = stringField(body.signature);
  return signature !== undefined && signatureMatches(signature, expected)
    ? undefined
    : json(400, { code: 'INVALID_SIGNATURE', message: 'the signature does not match' });
}

function callback(ctx: EmulatorContext, payment: SandboxPayment, status: 'PAID' | 'REFUSED' | 'CANCELED') {
  payment.status = status;
  const refused =
    status === 'REFUSED'
      ? { errorCode: 'INSUFFICIENT_FUNDS', errorDescription: 'The customer refused or has insufficient funds' }
      : {};
  const delivery = testing.waylet.callback(
    { paymentId: payment.reference, wayletPaymentId: payment.id, status, amount: Number(payment.amount), ...refused },
    { secret: creds.secret },
  );
  void ctx.send(payment, { url: String(payment.data.callbackUrl), label: status, build: () => delivery }, RETRY);
}

function start(ctx: EmulatorContext, kind: 'customer' | 'qr') {
  return (req: SandboxRequest): SandboxResponse => {
    const denied = authenticate(req);
    if (denied) return denied;
    const body = req.body as Body;
    const [paymentId, callbackUrl, subject] = [
      filled(body.paymentId),
      filled(body.callbackUrl),
      filled(kind === 'qr' ? body.qrContent : body.customer),
    ];
    if (!Number.isInteger(body.amount) || (body.amount as number) <= 0)
      return json(400, { code: 'INVALID_AMOUNT', message: 'amount must be a positive integer (cents)' });
    if (!paymentId || !callbackUrl || !URL.canParse(callbackUrl))
      return badRequest('paymentId and callbackUrl are required (strings)');
    if (!subject) return badRequest(`${kind === 'qr' ? 'qrContent' : 'customer'} is required (a string)`);
    const fields = { amount: body.amount as number, commerceId: creds.commerceId, paymentId, callbackUrl };
    const expected =
      kind === 'qr'
        ? signStartQrPayment({ ...fields, qrContent: subject }, creds)
        : signStartPayment({ ...fields, customer: subject }, creds);
    const bad = checkSignature(body, expected);
    if (bad) return bad;
    if (ctx.state.find('waylet', (p) => p.reference === fields.paymentId))
      return json(409, { code: 'DUPLICATED_PAYMENT', message: 'paymentId already used by this commerce' });
    const id = randomBytes(12).toString('hex');
    const customer = kind === 'qr' ? `qr:${subject}` : subject;
    ctx.state.add({
      provider: 'waylet',
      id,
      reference: fields.paymentId,
      amount: String(body.amount),
      currency: 'EUR (cents)',
      status: 'PENDING',
      data: { customer, callbackUrl: fields.callbackUrl, items: body.items },
    });
    return json(201, { _id: id });
  };
}

function appPage(ctx: EmulatorContext, req: SandboxRequest): SandboxResponse {
  const customer = req.params.customer ?? '';
  const rows = ctx.state
    .list('waylet')
    .filter((p) => p.data.customer === customer)
    .map((p) => {
      const actions =
        p.status === 'PENDING'
          ? ['pay', 'refuse', 'cancel']
              .map((a) =>
                button(
                  `/waylet/app/payments/${p.id}/${a}`,
                  a[0]?.toUpperCase() + a.slice(1),
                  a === 'pay' ? 'pay' : a === 'refuse' ? 'fail' : 'cancel',
                  {},
                  `${a}-${p.reference}`,
                ),
              )
              .join('')
          : '';
      return `<tr><td><code>${esc(p.reference)}</code></td><td class="amount">${(Number(p.amount) / 100).toFixed(2)} €</td><td class="status" data-status="${esc(p.status)}">${esc(p.status)}</td><td>${actions}</td></tr>`;
    })
    .join('');
  return page(
    `Waylet — ${customer}`,
    `<h1>Waylet app</h1><p class="muted">Signed in as <b>${esc(customer)}</b>. Payments pushed by merchants appear here.</p>
<table><tr><th>payment</th><th>amount</th><th>status</th><th></th></tr>${rows || '<tr><td colspan="4" class="muted">no payments yet</td></tr>'}</table>`,
    { brand: 'Waylet (sandbox)' },
  );
}

/** Emulates Waylet: the six API endpoints and the customer's app page. */
export const waylet: Emulator = (ctx) => {
  ctx.router
    .add('POST', `${API}/integrations/openwaylet/v1/payments/start`, start(ctx, 'customer'))
    .add('POST', `${API}/integrations/openwaylet/v1/payments/start/qr`, start(ctx, 'qr'))
    .add('POST', `${API}/openwaylet/web/v1/transactions`, (req) => {
      const denied = authenticate(req);
      if (denied) return denied;
      const body = req.body as Body;
      const [externalId, amount] = [filled(body.externalId), amountText(body.amount)];
      if (!externalId || !amount) return badRequest('externalId (a string) and amount (decimal text) are required');
      if (
        [body.callbackUrl, body.urlOk, body.urlKo].some(
          (u) => u !== undefined && !(stringField(u) && URL.canParse(u as string)),
        )
      )
        return badRequest('callbackUrl, urlOk and urlKo must be URLs');
      const id = randomBytes(12).toString('hex');
      ctx.state.add({
        provider: 'waylet',
        id,
        reference: externalId,
        amount,
        currency: 'EUR (cents)',
        status: 'PENDING',
        data: { customer: `web:${id}`, callbackUrl: body.callbackUrl, urlOk: body.urlOk, urlKo: body.urlKo },
      });
      return json(200, { url: `${req.baseUrl}/waylet/app/${encodeURIComponent(`web:${id}`)}` });
    })
    .add('POST', `${API}/integrations/openwaylet/v1/payments/cancel`, (req) => {
      const denied = authenticate(req);
      if (denied) return denied;
      const body = req.body as Body;
      const paymentId = filled(body.paymentId);
      if (!paymentId) return badRequest('paymentId is required (a string)');
      const bad = checkSignature(body, signCancelPayment({ commerceId: creds.commerceId, paymentId }, creds));
      if (bad) return bad;
      const payment = ctx.state.find('waylet', (p) => p.reference === paymentId);
      if (!payment) return json(404, { code: 'NOT_FOUND', message: 'unknown paymentId' });
      if (payment.status !== 'PENDING')
        return json(409, { code: 'NOT_CANCELABLE', message: `payment is ${payment.status}` });
      callback(ctx, payment, 'CANCELED');
      return empty(204);
    });
  for (const version of ['v1', 'v2'] as const) {
    ctx.router.add('POST', `${API}/integrations/openwaylet/${version}/payments/refund`, (req) => {
      const denied = authenticate(req);
      if (denied) return denied;
      const body = req.body as Body;
      const [paymentId, amount] = [filled(body.paymentId), amountText(body.amount)];
      if (!paymentId) return badRequest('paymentId is required (a string)');
      if (!amount) return json(400, { code: 'INVALID_AMOUNT', message: 'amount must be decimal text (cents)' });
      const bad = checkSignature(body, signRefundPayment({ amount, commerceId: creds.commerceId, paymentId }, creds));
      if (bad) return bad;
      const payment = ctx.state.find('waylet', (p) => p.reference === paymentId);
      if (!payment || payment.status !== 'PAID')
        return json(409, { code: 'NOT_REFUNDABLE', message: 'only a PAID payment can be refunded' });
      if (Number(amount) > Number(payment.amount))
        return json(400, { code: 'INVALID_AMOUNT', message: 'refund exceeds the payment' });
      payment.status = Number(amount) === Number(payment.amount) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
      return version === 'v1' ? empty(204) : json(200, { refundedAmount: amount });
    });
  }
  ctx.router.add('GET', '/waylet/app/:customer', (req) => appPage(ctx, req));
  ctx.router.add('POST', '/waylet/app/payments/:id/:action', (req) => {
    const payment = ctx.state.get('waylet', req.params.id ?? '');
    const status = own(ACTIONS, req.params.action ?? '');
    if (!payment || !status) return json(404, { message: 'unknown payment or action' });
    if (payment.status === 'PENDING') callback(ctx, payment, status);
    const back = String(payment.data.customer).startsWith('web:')
      ? urlText(status === 'PAID' ? payment.data.urlOk : payment.data.urlKo)
      : '';
    return redirect(back || `/waylet/app/${encodeURIComponent(String(payment.data.customer))}`);
  });
};

const WAYLET_STATUS = { paid: 'PAID', failed: 'REFUSED', canceled: 'CANCELED' } as const;

/** `paywire trigger waylet`: a signed Waylet callback, from the core testing kit. */
export const wayletTrigger: TriggerBuilder = (outcome, flags) =>
  testing.waylet.callback(
    {
      status: WAYLET_STATUS[outcome],
      ...(flags.paymentId ? { paymentId: flags.paymentId } : {}),
      ...(flags.wayletId ? { wayletPaymentId: flags.wayletId } : {}),
      ...(flags.amount ? { amount: Number(flags.amount) } : {}),
      ...(outcome === 'failed' ? { errorCode: 'SANDBOX', errorDescription: 'triggered from the CLI' } : {}),
    },
    { secret: flags.secret ?? creds.secret },
  );

const urls = (baseUrl: string) => ({ baseUrl: `${baseUrl}/waylet/api` });
const enc = (v: unknown) => encodeURIComponent(String(v));

/** Waylet in the sandbox: emulator, credentials, trigger and flags. */
export const wayletSandbox = defineSandboxProvider({
  title: 'Waylet',
  emulator: waylet,
  credentials: creds,
  urls,
  options: (baseUrl: string) => ({
    ...urls(baseUrl),
    apiKey: creds.apiKey,
    commerceId: creds.commerceId,
    secret: creds.secret,
  }),
  trigger: wayletTrigger,
  triggerFlags: [
    {
      name: 'amount',
      value: 'CENTS',
      help: 'whole cents, as Waylet counts: 350 is 3.50 EUR (default 300). "3.50" is refused',
    },
    {
      name: 'waylet-id',
      value: 'ID',
      help: 'the Waylet payment id (`_id` from startPayment, or the dashboard) of a payment you started (default: derived from --payment-id)',
    },
    { name: 'secret', value: 'S', help: `HMAC secret (default: the sandbox's, ${creds.secret})` },
  ],
  prepareTrigger(_outcome, flags) {
    const amount = flags.amount;
    if (amount !== undefined && !/^[1-9]\d*$/.test(amount))
      throw new Error(
        `waylet: --amount ${amount} is not a whole number; it counts cents: for ${amount} EUR write --amount ${Math.round(Number(amount) * 100) || 350}`,
      );
    if (!flags.wayletId && flags.paymentId) flags.wayletId = derive('waylet', flags.paymentId).slice(0, 24);
  },
  customerPage: (p) => ({ href: `/waylet/app/${enc(p.data.customer)}`, label: 'Waylet app' }),
});
