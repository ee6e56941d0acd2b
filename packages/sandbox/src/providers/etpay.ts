import { randomBytes } from 'node:crypto';
import { ETPAY_BANK_CODES, isValidRut } from '@paywire/core/etpay';
import { testing } from '@paywire/core/testing';
import type { Emulator, EmulatorContext } from '../context.js';
import { esc, page } from '../html.js';
import { json, redirect, type SandboxRequest, type SandboxResponse } from '../http.js';
import type { SandboxPayment } from '../state.js';
import type { TriggerBuilder } from '../triggers.js';
import { defineSandboxProvider, derive } from './types.js';

/** The sandbox's public ETpay test credentials. */
const creds = {
  merchantCode: 'sandbox_merchant',
  merchantApiToken: 'sandbox-etpay-api-token',
} as const;
const API = '/etpay/api';
/** The funnel (ETpay's `pmtUrl`) lives at `/etpay`: the customer is sent to `/etpay/session/{token}`. */
const FUNNEL = '/etpay/session';
/**
 * ETpay's retry rule is not public: the sandbox resends a notification answered non-2xx (or not at all) 3 more times.
 */
const RETRY = { maxAttempts: 4, intervalMs: 1000 };
/** The RUT the funnel reports as the payer when the session named none (a valid test RUT). */
const TEST_RUT = '11.111.111-1';
const BANK_NAMES: Record<string, string> = {
  cl_estado: 'BancoEstado',
  cl_santander: 'Banco Santander',
  cl_bch: 'Banco de Chile',
  cl_bci: 'Bci',
  cl_falabella: 'Banco Falabella',
  cl_itau: 'Itaú',
  cl_scotiabank: 'Scotiabank',
};

type Body = Record<string, unknown>;
const bad = (message: string) => json(400, { code: 'BAD_REQUEST', message });
const token = (prefix: string, bytes: number) => `${prefix}${randomBytes(bytes).toString('hex')}`;
const isHttpUrl = (v: unknown) => typeof v === 'string' && URL.canParse(v) && /^https?:$/.test(new URL(v).protocol);

/** Checks the JSON body and the merchant credentials ETpay expects in it. */
function authenticate(req: SandboxRequest): { body: Body } | { denied: SandboxResponse } {
  const body = req.body;
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return { denied: bad('a JSON object body is required') };
  const b = body as Body;
  if (b.merchant_code !== creds.merchantCode || b.merchant_api_token !== creds.merchantApiToken) {
    return { denied: json(401, { code: 'UNAUTHORIZED', message: 'invalid merchant_code or merchant_api_token' }) };
  }
  return { body: b };
}

/** The first problem with a session request, as ETpay's 400 message; undefined when valid. */
function invalidSession(b: Body): string | undefined {
  if (typeof b.merchant_order_id !== 'string' || !/^[A-Za-z0-9]{1,64}$/.test(b.merchant_order_id))
    return 'merchant_order_id must be 1 to 64 letters or digits';
  if (typeof b.order_amount !== 'number' || !Number.isSafeInteger(b.order_amount) || b.order_amount <= 0)
    return 'order_amount must be a positive integer (CLP)';
  if (b.user_bank_code !== undefined && !(ETPAY_BANK_CODES as readonly unknown[]).includes(b.user_bank_code))
    return `user_bank_code must be one of ${ETPAY_BANK_CODES.join(', ')}`;
  if (b.user_rut !== undefined && (typeof b.user_rut !== 'string' || !isValidRut(b.user_rut)))
    return 'user_rut is not a valid RUT';
  if (b.customer_email !== undefined && typeof b.customer_email !== 'string') return 'customer_email must be a string';
  if (
    b.metadata !== undefined &&
    !(
      Array.isArray(b.metadata) &&
      b.metadata.every((m: Body) => m && typeof m.name === 'string' && typeof m.value === 'string')
    )
  )
    return 'metadata must be a list of { name, value, show }';
  for (const key of ['payment_completed_url', 'payment_cancellation_url', 'payment_webhook_url']) {
    if (b[key] !== undefined && !isHttpUrl(b[key])) return `${key} must be an absolute http(s) URL`;
  }
  return undefined;
}

function initialize(ctx: EmulatorContext) {
  return (req: SandboxRequest): SandboxResponse => {
    const auth = authenticate(req);
    if ('denied' in auth) return auth.denied;
    const b = auth.body;
    const problem = invalidSession(b);
    if (problem) return bad(problem);
    const sessionToken = token('st', 16);
    const signatureToken = token('', 32);
    ctx.state.add({
      provider: 'etpay',
      id: sessionToken,
      reference: String(b.merchant_order_id),
      amount: String(b.order_amount),
      currency: 'CLP',
      status: 'pending',
      data: {
        signatureToken,
        webhookUrl: b.payment_webhook_url ?? ctx.merchant.etpayWebhookUrl,
        completedUrl: b.payment_completed_url,
        cancellationUrl: b.payment_cancellation_url,
        customerEmail: b.customer_email,
        metadata: b.metadata,
        userBankCode: b.user_bank_code,
        userRut: b.user_rut,
      },
    });
    return json(200, { token: sessionToken, signature_token: signatureToken });
  };
}

function checkPaymentStatus(ctx: EmulatorContext) {
  return (req: SandboxRequest): SandboxResponse => {
    const auth = authenticate(req);
    if ('denied' in auth) return auth.denied;
    const b = auth.body;
    const keys = (['merchant_order_id', 'session_token', 'payment_token'] as const).filter((k) => b[k] !== undefined);
    const key = keys[0];
    if (keys.length !== 1 || key === undefined || typeof b[key] !== 'string' || b[key] === '')
      return bad('give exactly one of merchant_order_id, session_token, payment_token');
    const value = b[key];
    const match = (p: SandboxPayment) =>
      (key === 'merchant_order_id' ? p.reference : key === 'session_token' ? p.id : p.data.paymentToken) === value;
    const payment = ctx.state.list('etpay').find(match); // newest session first
    if (!payment) return json(404, { code: 'NOT_FOUND', message: `no payment for this ${key}` });
    return json(200, {
      merchant_order_id: payment.reference,
      session_token: payment.id,
      ...(typeof payment.data.paymentToken === 'string' ? { payment_token: payment.data.paymentToken } : {}),
      order_amount: Number(payment.amount),
      payment_status: payment.status,
    });
  };
}

/** `15990` → `$15.990` (Chilean grouping; CLP has no decimals). */
const clp = (amount: string) => `$${amount.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;

function funnelPage(payment: SandboxPayment): SandboxResponse {
  const shown = Array.isArray(payment.data.metadata)
    ? (payment.data.metadata as Body[]).filter((m) => m.show === true)
    : [];
  const details = [['Order', payment.reference], ...shown.map((m) => [String(m.name), String(m.value)])]
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td><code>${esc(v)}</code></td></tr>`)
    .join('');
  const header = `<h1>Pay by bank transfer</h1><p class="amount" data-amount="${esc(payment.amount)}">${clp(payment.amount)} CLP</p><table>${details}</table>`;
  if (payment.status !== 'pending')
    return page(
      'ETpay',
      `${header}<p class="status" data-status="${esc(payment.status)}">Payment ${esc(payment.status)}.</p>`,
      { brand: 'ETpay (sandbox)' },
    );
  const options = ETPAY_BANK_CODES.map(
    (c) =>
      `<option value="${c}"${c === payment.data.userBankCode ? ' selected' : ''}>${esc(BANK_NAMES[c] ?? c)}</option>`,
  ).join('');
  const action = `${FUNNEL}/${encodeURIComponent(payment.id)}`;
  const form = `<form method="post" action="${esc(action)}/pay"><p><label for="bank">Your bank</label> <select id="bank" name="bank">${options}</select></p>
<button id="pay" class="pay" type="submit">Pay</button><button id="fail" class="fail" type="submit" formaction="${esc(action)}/fail">Fail</button></form>`;
  return page('ETpay', `${header}${form}`, { brand: 'ETpay (sandbox)' });
}

/** Marks the session paid or failed and sends the signed notification (in the background, with retries). */
async function complete(
  ctx: EmulatorContext,
  payment: SandboxPayment,
  status: 'success' | 'failed',
  bank: unknown,
): Promise<void> {
  const paymentToken = token('pt', 12);
  Object.assign(payment.data, { paymentToken, bank: typeof bank === 'string' ? bank : payment.data.userBankCode });
  payment.status = status;
  const delivery = await testing.etpay.notification({
    sessionToken: payment.id,
    signatureToken: String(payment.data.signatureToken),
    paymentStatus: status,
    paymentToken,
    userRut: typeof payment.data.userRut === 'string' ? payment.data.userRut : TEST_RUT,
    iat: Math.floor(Date.now() / 1000),
  });
  void ctx.send(payment, { url: String(payment.data.webhookUrl), label: status, build: () => delivery }, RETRY);
}

function click(ctx: EmulatorContext, outcome: 'pay' | 'fail') {
  return async (req: SandboxRequest): Promise<SandboxResponse> => {
    const payment = ctx.state.get('etpay', req.params.token ?? '');
    if (!payment) return notFound();
    if (payment.status === 'pending')
      await complete(ctx, payment, outcome === 'pay' ? 'success' : 'failed', (req.body as Body | undefined)?.bank);
    const back = payment.status === 'success' ? payment.data.completedUrl : payment.data.cancellationUrl;
    return redirect(typeof back === 'string' ? back : `${FUNNEL}/${encodeURIComponent(payment.id)}`);
  };
}

function notFound(): SandboxResponse {
  return {
    ...page(
      'ETpay',
      '<h1>Session not found</h1><p class="muted">This payment session does not exist or has expired.</p>',
      { brand: 'ETpay (sandbox)' },
    ),
    status: 404,
  };
}

/**
 * Emulates ETpay: `session/initialize` and `merchant/check_payment_status` under `/etpay/api`, the funnel
 * page `/etpay/session/{token}` (bank choice, Pay / Fail), and JWT notifications signed with the session's
 * signature token, resent until the merchant answers 2xx.
 */
export const etpay: Emulator = (ctx) => {
  ctx.router
    .add('POST', `${API}/session/initialize`, initialize(ctx))
    .add('POST', `${API}/merchant/check_payment_status`, checkPaymentStatus(ctx))
    .add('GET', `${FUNNEL}/:token`, (req) => {
      const payment = ctx.state.get('etpay', req.params.token ?? '');
      return payment ? funnelPage(payment) : notFound();
    })
    .add('POST', `${FUNNEL}/:token/pay`, click(ctx, 'pay'))
    .add('POST', `${FUNNEL}/:token/fail`, click(ctx, 'fail'));
};

const TRIGGER_STATUS = { paid: 'success', failed: 'failed', canceled: 'canceled' } as const;

/**
 * `paywire trigger etpay <paid|failed|canceled> --to URL --session-token T --signature-token S`: one
 * notification signed with the session's signature token (`--secret` is accepted for it too). The merchant
 * refuses a session it did not create (`ERR_SESSION_UNKNOWN`), so create the session through the sandbox and read
 * both tokens from `GET /api/payments?provider=etpay` (`id`, `data.signatureToken`) or from `initializeSession`.
 * `--payment-id` / `--amount` add the `merchant_order_id` / `order_amount` claims, `--payment-token` fixes it.
 *
 * @example
 * ```ts
 * import { etpayTrigger } from './etpay.js'
 * const { body, headers } = await etpayTrigger('paid', { sessionToken, signatureToken })
 * ```
 * @throws TypeError when the session or signature token is missing.
 */
export const etpayTrigger: TriggerBuilder = async (outcome, flags) => {
  const signatureToken = flags.signatureToken ?? flags.secret;
  if (!flags.sessionToken || !signatureToken)
    throw new TypeError(
      'etpay trigger: --session-token and --signature-token are required (a session created through the sandbox)',
    );
  const { body, headers } = await testing.etpay.notification({
    sessionToken: flags.sessionToken,
    signatureToken,
    paymentStatus: TRIGGER_STATUS[outcome],
    ...(flags.paymentToken ? { paymentToken: flags.paymentToken } : {}),
    ...(flags.paymentId ? { merchantOrderId: flags.paymentId } : {}),
    ...(flags.amount ? { orderAmount: flags.amount } : {}),
    iat: Math.floor(Date.now() / 1000),
  });
  return { body, headers };
};

const urls = (baseUrl: string) => ({ apiUrl: `${baseUrl}/etpay/api`, pmtUrl: `${baseUrl}/etpay` });

/** ETpay in the sandbox: emulator, credentials, trigger and flags. */
export const etpaySandbox = defineSandboxProvider({
  title: 'ETpay',
  emulator: etpay,
  credentials: creds,
  urls,
  options: (baseUrl: string) => ({
    ...urls(baseUrl),
    merchantCode: creds.merchantCode,
    merchantApiToken: creds.merchantApiToken,
  }),
  merchant: { etpayWebhookUrl: 'http://127.0.0.1:3000/webhooks/etpay' },
  sandboxFlags: [
    {
      name: 'etpay-webhook-url',
      value: 'URL',
      help: 'where ETpay notifications go when a session names none (default http://127.0.0.1:3000/webhooks/etpay)',
      merchant: (url) => ({ etpayWebhookUrl: url }),
    },
  ],
  trigger: etpayTrigger,
  triggerFlags: [
    {
      name: 'session-token',
      value: 'T',
      help: 'the session token from initializeSession (required: the app refuses sessions it did not create)',
    },
    {
      name: 'signature-token',
      value: 'S',
      help: 'the session signature token from initializeSession (required); --secret is an alias',
    },
    { name: 'secret', value: 'S', help: 'same as --signature-token' },
    {
      name: 'payment-token',
      value: 'T',
      help: 'payment_token claim (default: derived from the session and outcome, so a repeat is a retry)',
    },
    { name: 'amount', value: 'CLP', help: 'order_amount claim, whole pesos (default: none)' },
  ],
  prepareTrigger(outcome, flags) {
    const amount = flags.amount;
    if (amount !== undefined && !/^[1-9]\d*$/.test(amount))
      throw new Error(
        `etpay: --amount ${amount} is not a whole number; it counts whole Chilean pesos (CLP has no cents)`,
      );
    if (!flags.paymentToken && flags.sessionToken)
      flags.paymentToken = `pt-${derive('etpay', flags.sessionToken, outcome).slice(0, 32)}`;
  },
  customerPage: (p) => ({ href: `/etpay/session/${encodeURIComponent(p.id)}`, label: 'bank funnel' }),
});
