import { randomBytes, randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { parseJsonTree } from '@paywire/core/testing';
import { testing } from '@paywire/core/testing';
import type { Emulator, EmulatorContext } from '../context.js';
import type { Callback, RetryRule } from '../deliver.js';
import { esc, page } from '../html.js';
import { empty, json, own, redirect, type SandboxRequest, type SandboxResponse } from '../http.js';
import type { SandboxPayment } from '../state.js';
import type { TriggerBuilder } from '../triggers.js';
import { defineSandboxProvider, derive } from './types.js';

/** The sandbox's public Paylican test credentials. */
const creds = {
  username: 'sandbox-merchant',
  password: 'sandbox-paylican-password',
  clientId: 'invoice-system-client',
  /** The token the sandbox appends to the merchant's Paylican webhook URL (`?token=`). */
  webhookToken: 'sandbox-paylican-webhook-token',
} as const;
/** `keycloakUrl` of the sandbox: the token URL is `{keycloakUrl}/auth/realms/PGW/protocol/openid-connect/token`. */
const KEYCLOAK = '/paylican/keycloak';
const OIDC = `${KEYCLOAK}/auth/realms/:realm/protocol/openid-connect`;
const PAY = '/paylican/api/v1/pay';
const REALM = 'PGW';
/** The documented client and the one a public integration uses. */
const CLIENTS: ReadonlySet<string> = new Set([creds.clientId, 'payment_adapter_client']);
/** 3 invocations at most, so `pendingWebhooks` reads 2, 1, 0 (the seed's first delivery shows 2). */
export const PAYLICAN_RETRY: RetryRule = { maxAttempts: 3, intervalMs: 1000 };

type Body = Record<string, unknown>;
interface Grant {
  clientId: string;
  expiresAt: number;
}

const secret = () => randomBytes(32).toString('base64url');
const isDecimal = (v: string | undefined): v is string => v !== undefined && /^\d+(\.\d+)?$/.test(v) && /[1-9]/.test(v);
const oauthError = (status: number, error: string, description: string) =>
  json(status, { error, error_description: description });
const realmMissing = () => json(404, { error: 'Realm does not exist', error_description: 'Realm does not exist' });
/** Paylican's API errors: Spring's JSON error body. */
const apiError = (req: SandboxRequest, status: number, message: string, headers: Record<string, string> = {}) =>
  json(
    status,
    { timestamp: new Date().toISOString(), status, error: STATUS_CODES[status], message, path: req.path },
    headers,
  );
const htmlError = (status: number, title: string, message: string): SandboxResponse => ({
  ...page(title, `<h1>${esc(title)}</h1><p id="error">${esc(message)}</p>`, { brand: 'Paylican (sandbox)' }),
  status,
});

/** The emulated Keycloak realm: tokens, authorization codes and the realm's token lifespans (seconds). */
function keycloak() {
  const settings = { accessTokenLifespan: 300, ssoSessionIdleTimeout: 1800 };
  const access = new Map<string, Grant>();
  const refresh = new Map<string, Grant>();
  const codes = new Set<string>();

  function issue(clientId: string): SandboxResponse {
    const now = Date.now();
    for (const map of [access, refresh]) for (const [k, g] of map) if (g.expiresAt <= now) map.delete(k);
    const [accessToken, refreshToken] = [secret(), secret()];
    access.set(accessToken, { clientId, expiresAt: now + settings.accessTokenLifespan * 1000 });
    refresh.set(refreshToken, { clientId, expiresAt: now + settings.ssoSessionIdleTimeout * 1000 });
    const answer = {
      access_token: accessToken,
      expires_in: settings.accessTokenLifespan,
      refresh_expires_in: settings.ssoSessionIdleTimeout,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      'not-before-policy': 0,
      session_state: randomUUID(),
      scope: 'profile email',
    };
    return json(200, answer, { 'cache-control': 'no-store', pragma: 'no-cache' });
  }

  /**
   * `POST …/protocol/openid-connect/token`: password and refresh_token grants, form-encoded, answered as Keycloak does.
   */
  function token(req: SandboxRequest): SandboxResponse {
    if (req.params.realm !== REALM) return realmMissing();
    const isForm = String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
    const form = (isForm ? req.body : undefined) as Record<string, string> | undefined;
    if (!form?.grant_type) return oauthError(400, 'invalid_request', 'Missing form parameter: grant_type');
    if (!CLIENTS.has(form.client_id ?? ''))
      return oauthError(401, 'invalid_client', 'Invalid client or Invalid client credentials');
    if (form.grant_type === 'password') {
      if (form.username !== creds.username || form.password !== creds.password)
        return oauthError(401, 'invalid_grant', 'Invalid user credentials');
    } else if (form.grant_type === 'refresh_token') {
      if (!form.refresh_token) return oauthError(400, 'invalid_request', 'Missing parameter: refresh_token');
      const grant = refresh.get(form.refresh_token);
      if (!grant) return oauthError(400, 'invalid_grant', 'Invalid refresh token');
      if (grant.expiresAt <= Date.now()) return oauthError(400, 'invalid_grant', 'Token is not active');
      if (grant.clientId !== form.client_id)
        return oauthError(
          400,
          'invalid_grant',
          "Invalid refresh token. Token client and authorized client don't match",
        );
    } else return oauthError(400, 'unsupported_grant_type', 'Unsupported grant_type');
    return issue(form.client_id as string);
  }

  /**
   * `GET …/protocol/openid-connect/auth`: no login form in the sandbox, straight back to `redirect_uri` with a code.
   */
  function authorize(req: SandboxRequest): SandboxResponse {
    if (req.params.realm !== REALM) return realmMissing();
    const q = req.query;
    if (!CLIENTS.has(q.get('client_id') ?? '')) return htmlError(400, 'We are sorry...', 'Client not found.');
    const uri = q.get('redirect_uri') ?? '';
    if (!URL.canParse(uri) || !/^https?:$/.test(new URL(uri).protocol) || !new URL(uri).pathname.startsWith(`${PAY}/`))
      return htmlError(400, 'We are sorry...', 'Invalid parameter: redirect_uri');
    if (q.has('response_type') && q.get('response_type') !== 'code')
      return htmlError(400, 'We are sorry...', 'Invalid parameter: response_type');
    const code = secret();
    codes.add(code);
    const target = new URL(uri);
    if (q.get('state')) target.searchParams.set('state', q.get('state') as string);
    target.searchParams.set('session_state', randomUUID());
    target.searchParams.set('code', code);
    return { status: 302, headers: { location: target.toString() } };
  }

  /** The API's bearer check; undefined when the access token is valid. */
  function bearer(req: SandboxRequest): SandboxResponse | undefined {
    const m = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
    if (!m)
      return apiError(req, 401, 'Full authentication is required to access this resource', {
        'www-authenticate': `Bearer realm="${REALM}"`,
      });
    const grant = access.get(m[1] as string);
    const why = !grant ? 'Invalid token' : grant.expiresAt <= Date.now() ? 'Token expired' : undefined;
    return why
      ? apiError(req, 401, why, {
          'www-authenticate': `Bearer realm="${REALM}", error="invalid_token", error_description="${why}"`,
        })
      : undefined;
  }

  /**
   * `PUT {keycloakUrl}/auth/admin/realms/PGW` `{ accessTokenLifespan?, ssoSessionIdleTimeout? }` (seconds; no admin
   * token in the sandbox).
   */
  function admin(req: SandboxRequest): SandboxResponse {
    if (req.params.realm !== REALM) return realmMissing();
    if (req.method === 'GET') return json(200, { realm: REALM, ...settings });
    const b = (req.body ?? {}) as Body;
    for (const key of ['accessTokenLifespan', 'ssoSessionIdleTimeout'] as const) {
      if (b[key] === undefined) continue;
      if (typeof b[key] !== 'number' || !(b[key] > 0))
        return json(400, { errorMessage: `${key} must be a positive number of seconds` });
      settings[key] = b[key];
    }
    return empty(204);
  }

  return { token, authorize, bearer, admin, hasCode: (code: string | null) => code !== null && codes.has(code) };
}

/** The exact text of the top-level `amount` (a number token or a decimal string; JSON.parse would drop `.00`). */
function amountText(req: SandboxRequest): string | undefined {
  try {
    const tree = parseJsonTree(req.text);
    const node = tree.kind === 'object' ? tree.entries.find(([k]) => k === 'amount')?.[1] : undefined;
    return node?.kind === 'number' ? node.token : node?.kind === 'string' ? node.value : undefined;
  } catch {
    return undefined;
  }
}

/** The first problem with a payment request, as Paylican's 400 message; undefined when valid. */
function invalidPayment(b: Body, amount: string | undefined): string | undefined {
  if (!isDecimal(amount)) return 'amount: must be a positive decimal';
  for (const key of ['type', 'customerCode', 'merchantReference', 'redirectionUrl']) {
    if (typeof b[key] !== 'string' || b[key].trim() === '') return `${key}: must not be blank`;
  }
  const url = b.redirectionUrl as string;
  if (url.length > 900) return 'redirectionUrl: must not exceed 900 characters';
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    return 'redirectionUrl: must be an absolute http(s) URL';
  for (const key of ['itemName', 'beneficiaryCode'])
    if (b[key] !== undefined && b[key] !== null && typeof b[key] !== 'string') return `${key}: must be a string`;
  const fields = b.additionalFields;
  if (
    fields !== undefined &&
    fields !== null &&
    !(
      Array.isArray(fields) &&
      fields.every(
        (f: Body) =>
          f && typeof f === 'object' && ['code', 'value'].every((k) => f[k] === undefined || typeof f[k] === 'string'),
      )
    )
  ) {
    return 'additionalFields: must be a list of { code, value } strings';
  }
  return undefined;
}

function invoiceIdFor(ctx: EmulatorContext, type: string): string {
  const prefix = type.toUpperCase().replace(/[^A-Z0-9]/g, '') || 'INV';
  for (;;) {
    const id = `${prefix}${new Date().getUTCFullYear()}-${randomBytes(3).toString('hex').slice(0, 5)}`;
    if (!ctx.state.get('paylican', id)) return id;
  }
}

/**
 * One webhook (fresh id) to the profile's URL; each attempt carries `pendingWebhooks` = invocations still possible
 * after it.
 */
function webhook(ctx: EmulatorContext, invoice: SandboxPayment, id: number, type: string, status: string): Callback {
  const target = new URL(ctx.merchant.paylicanWebhookUrl);
  const basic = target.username
    ? { username: decodeURIComponent(target.username), password: decodeURIComponent(target.password) }
    : undefined;
  [target.username, target.password] = ['', ''];
  const fields = {
    id,
    type,
    status,
    invoiceId: invoice.id,
    merchantReference: invoice.reference,
    amount: invoice.amount,
    paymentDate: String(invoice.data.paymentDate),
    additionalFields: invoice.data.additionalFields as { code: string; value: string }[],
  };
  const build = (attempt: number) => {
    const pendingWebhooks = PAYLICAN_RETRY.maxAttempts - 1 - attempt;
    return testing.paylican.webhook(
      { ...fields, paymentNo: String(invoice.data.paymentNo), pendingWebhooks },
      basic ? { basic } : {},
    );
  };
  return { url: target.toString(), label: `${type} ${status} #${id}`, build };
}

/** The webhooks each button sends, in order. */
const OUTCOMES = {
  pay: {
    status: 'PAID',
    webhooks: [
      ['invoice.payment_initiated', 'UNPAID'],
      ['invoice.payment_initiated', 'PAID'],
    ],
  },
  fail: { status: 'UNPAID', webhooks: [['invoice.payment_error', 'UNPAID']] },
  reject: { status: 'UNPAID', webhooks: [['invoice.payment_rejected', 'UNPAID']] },
} as const;

const segments = (p: SandboxPayment) =>
  [p.data.type, p.reference, p.id].map((s) => encodeURIComponent(String(s))).join('/');
const actionButton = (invoice: SandboxPayment, action: string, label: string, cls: string) =>
  `<form method="post" action="${esc(`${PAY}/${segments(invoice)}/${action}`)}"><button class="${cls}" id="${action}" type="submit">${esc(label)}</button></form>`;

function paymentPage(invoice: SandboxPayment): SandboxResponse {
  // the stored fields were checked to be strings when the invoice was created (`invalidPayment`)
  const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const row = (label: string, id: string, value: string | undefined, cls = '') =>
    value ? `<tr><th>${label}</th><td id="${id}" class="${cls}">${esc(value)}</td></tr>` : '';
  const actions =
    invoice.status === 'UNPAID'
      ? `<p>${actionButton(invoice, 'pay', 'Pay', 'pay')}${actionButton(invoice, 'fail', 'Fail (payment error)', 'fail')}${actionButton(invoice, 'reject', 'Reject', 'cancel')}</p>`
      : '';
  const outcome = str(invoice.data.outcome);
  const last = outcome ? `<p class="muted" id="last-outcome">Last attempt: ${esc(outcome)}</p>` : '';
  return page(
    `Paylican — invoice ${invoice.id}`,
    `<h1>Pay invoice <code id="invoice">${esc(invoice.id)}</code></h1>
<table>${row('Merchant reference', 'reference', invoice.reference)}${row('Item', 'item', str(invoice.data.itemName))}${row('Customer', 'customer', str(invoice.data.customerCode))}${row('Amount', 'amount', invoice.amount, 'amount')}${row('Currency', 'currency', invoice.currency)}
<tr><th>Status</th><td id="status" class="status" data-status="${esc(invoice.status)}">${esc(invoice.status)}</td></tr></table>${last}${actions}`,
    { brand: 'Paylican (sandbox)' },
  );
}

type Keycloak = ReturnType<typeof keycloak>;

function createPayment(ctx: EmulatorContext, kc: Keycloak) {
  return (req: SandboxRequest): SandboxResponse => {
    const denied = kc.bearer(req);
    if (denied) return denied;
    const b = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Body) : undefined;
    if (!b) return apiError(req, 400, 'a JSON object body is required');
    const amount = amountText(req);
    const problem = invalidPayment(b, amount);
    if (problem) return apiError(req, 400, problem);
    const type = b.type as string;
    const data = {
      type,
      customerCode: b.customerCode,
      itemName: b.itemName,
      beneficiaryCode: b.beneficiaryCode,
      redirectionUrl: b.redirectionUrl,
      additionalFields: b.additionalFields ?? [],
      paymentNo: `pn${randomBytes(4).toString('hex')}`,
    };
    const invoice = ctx.state.add({
      provider: 'paylican',
      id: invoiceIdFor(ctx, type),
      reference: b.merchantReference as string,
      amount: amount as string,
      currency: ctx.merchant.paylicanCurrency,
      status: 'UNPAID',
      data,
    });
    return json(200, { invoiceId: invoice.id, merchantReference: invoice.reference });
  };
}

function voidInvoice(ctx: EmulatorContext, kc: Keycloak) {
  return (req: SandboxRequest): SandboxResponse => {
    const denied = kc.bearer(req);
    if (denied) return denied;
    const invoice = ctx.state.get('paylican', req.params.invoiceId ?? '');
    if (!invoice) return apiError(req, 404, `invoice ${req.params.invoiceId} not found`);
    if (invoice.status === 'PAID') return apiError(req, 409, `invoice ${invoice.id} is PAID and cannot be voided`);
    invoice.status = 'VOIDED';
    return empty(204);
  };
}

/** The invoice a payment-page path names (type and reference must match it). */
function invoiceAt(ctx: EmulatorContext, req: SandboxRequest): SandboxPayment | undefined {
  const invoice = ctx.state.get('paylican', req.params.invoiceId ?? '');
  return invoice && invoice.data.type === req.params.type && invoice.reference === req.params.reference
    ? invoice
    : undefined;
}

function showPage(ctx: EmulatorContext, kc: Keycloak) {
  return (req: SandboxRequest): SandboxResponse => {
    const invoice = invoiceAt(ctx, req);
    if (!invoice) return htmlError(404, 'Paylican', 'This invoice does not exist.');
    if (kc.hasCode(req.query.get('code'))) return paymentPage(invoice);
    // Not signed in: through Keycloak's login (no form in the sandbox) and back here with a code.
    const self = `http://${req.headers.host ?? new URL(req.baseUrl).host}${PAY}/${segments(invoice)}`;
    const query = new URLSearchParams({
      client_id: creds.clientId,
      redirect_uri: self,
      response_type: 'code',
      scope: 'openid',
    });
    return {
      status: 302,
      headers: { location: `${KEYCLOAK}/auth/realms/${REALM}/protocol/openid-connect/auth?${query.toString()}` },
    };
  };
}

/** Pay / Fail / Reject: update the invoice, send its webhooks in order, send the customer to `redirectionUrl`. */
function buttonClick(ctx: EmulatorContext) {
  let nextWebhookId = Date.now();
  return (req: SandboxRequest): SandboxResponse => {
    const invoice = invoiceAt(ctx, req);
    const outcome = own<(typeof OUTCOMES)[keyof typeof OUTCOMES]>(OUTCOMES, req.params.action ?? '');
    if (!invoice || !outcome) return htmlError(404, 'Paylican', 'This invoice or action does not exist.');
    if (invoice.status !== 'UNPAID') return htmlError(409, 'Paylican', `This invoice is ${invoice.status}.`);
    invoice.status = outcome.status;
    invoice.data.paymentDate = new Date().toISOString();
    if (outcome.status === 'UNPAID') invoice.data.outcome = outcome.webhooks[0]?.[0].replace('invoice.', '');
    const callbacks = outcome.webhooks.map(([type, status]) => webhook(ctx, invoice, nextWebhookId++, type, status));
    // One after the other: each `then` hangs on the tracked delivery, so `sandbox.settled()` waits for the next one
    // too.
    const sendFrom = (i: number): void => {
      const callback = callbacks[i];
      if (callback) void ctx.send(invoice, callback, PAYLICAN_RETRY).then(() => sendFrom(i + 1));
    };
    sendFrom(0);
    return redirect(String(invoice.data.redirectionUrl));
  };
}

/**
 * Emulates Paylican: Keycloak (token endpoint with password and refresh grants, the auth redirect, realm token
 * lifespans), create payment, void, the payment page with Pay / Fail / Reject, and webhooks to the merchant
 * profile's URL retried with `pendingWebhooks` counting down.
 */
export const paylican: Emulator = (ctx) => {
  const kc = keycloak();
  ctx.router
    .add('POST', `${OIDC}/token`, kc.token)
    .add('GET', `${OIDC}/auth`, kc.authorize)
    .add('GET', `${KEYCLOAK}/auth/admin/realms/:realm`, kc.admin)
    .add('PUT', `${KEYCLOAK}/auth/admin/realms/:realm`, kc.admin)
    .add('POST', '/paylican/api/v1/payment', createPayment(ctx, kc))
    .add('PATCH', '/paylican/invoices/:invoiceId/void', voidInvoice(ctx, kc))
    .add('GET', `${PAY}/:type/:reference/:invoiceId`, showPage(ctx, kc))
    .add('POST', `${PAY}/:type/:reference/:invoiceId/:action`, buttonClick(ctx));
};

const TRIGGER = {
  paid: ['invoice.payment_initiated', 'PAID'],
  failed: ['invoice.payment_error', 'UNPAID'],
  canceled: ['invoice.payment_rejected', 'UNPAID'],
} as const;

/**
 * `paywire trigger paylican <paid|failed|canceled> --to URL [--token T] [--payment-id REF] [--invoice-id ID]
 * [--amount 100.00]`: one webhook from the core testing kit. `paid` is the "Payment Executed" shape
 * (`invoice.payment_initiated`, status PAID), `failed` is `invoice.payment_error`, `canceled` is
 * `invoice.payment_rejected` (both `payment.failed` at paywire: Paylican has no cancel webhook). The guard token goes
 * in `?token=`: `--token` (or `--secret`) sets it, else a token already in `--to` is kept, else the sandbox's token is
 * added.
 *
 * @example
 * ```ts
 * import { paylicanTrigger } from './paylican.js'
 * const { body, url } = await paylicanTrigger('paid', { to: 'http://127.0.0.1:3000/webhooks/paylican', paymentId: 'REF-1' })
 * ```
 * @throws Error when `--amount` is not a positive decimal or `--to` is not a URL.
 */
export const paylicanTrigger: TriggerBuilder = (outcome, flags) => {
  const amount = flags.amount ?? '100.00';
  if (!isDecimal(amount)) throw new Error('paylican: --amount must be a positive decimal such as 100.00');
  const [type, status] = TRIGGER[outcome];
  const fields = {
    type,
    status,
    amount,
    ...(flags.paymentId ? { merchantReference: flags.paymentId } : {}),
    ...(flags.invoiceId ? { invoiceId: flags.invoiceId } : {}),
    ...(flags.webhookId ? { id: flags.webhookId } : {}),
  };
  const { body, headers } = testing.paylican.webhook(fields, {});
  if (flags.to === undefined) return { body, headers };
  if (!URL.canParse(flags.to)) throw new Error(`paylican: --to is not a URL: ${flags.to}`);
  const url = new URL(flags.to);
  const token = flags.token ?? flags.secret;
  if (token !== undefined || !url.searchParams.has('token')) url.searchParams.set('token', token ?? creds.webhookToken);
  return { body, headers, url: url.toString() };
};

const urls = (baseUrl: string) => ({
  keycloakUrl: `${baseUrl}/paylican/keycloak`,
  paymentUrl: `${baseUrl}/paylican`,
  invoiceSystemUrl: `${baseUrl}/paylican/invoices`,
});
const enc = (v: unknown) => encodeURIComponent(String(v));

/** Paylican in the sandbox: emulator, credentials, trigger and flags. */
export const paylicanSandbox = defineSandboxProvider({
  title: 'Paylican',
  emulator: paylican,
  credentials: creds,
  urls,
  /** The webhook guard is the app's choice; the sandbox's is a token. */
  options: (baseUrl: string) => ({
    ...urls(baseUrl),
    username: creds.username,
    password: creds.password,
    clientId: creds.clientId,
    webhookAuth: { token: creds.webhookToken },
  }),
  merchant: {
    paylicanWebhookUrl: `http://127.0.0.1:3000/webhooks/paylican?token=${creds.webhookToken}`,
    paylicanCurrency: 'XAF',
  },
  sandboxFlags: [
    {
      name: 'paylican-webhook-url',
      value: 'URL',
      help: `where Paylican webhooks go (default http://127.0.0.1:3000/webhooks/paylican?token=${creds.webhookToken})`,
      merchant: (url) => ({ paylicanWebhookUrl: url }),
    },
  ],
  trigger: paylicanTrigger,
  triggerFlags: [
    { name: 'amount', value: 'DECIMAL', help: 'major units as exact text, e.g. 100.00 (default 100.00)' },
    { name: 'invoice-id', value: 'ID', help: 'the Paylican invoice id (default: a fresh one)' },
    {
      name: 'webhook-id',
      value: 'ID',
      help: "the webhook's id, which paywire dedupes on (default: derived from the payment/invoice and outcome)",
    },
    {
      name: 'token',
      value: 'T',
      help: `guard token put in ?token= (default: one already in --to, else ${creds.webhookToken}); --secret is an alias`,
    },
    { name: 'secret', value: 'T', help: 'same as --token' },
  ],
  prepareTrigger(outcome, flags) {
    const ref = flags.invoiceId ?? flags.paymentId;
    if (!flags.webhookId && ref) flags.webhookId = derive('paylican', ref, outcome).slice(0, 24);
  },
  customerPage: (p) => ({
    href: `/paylican/api/v1/pay/${[p.data.type, p.reference, p.id].map(enc).join('/')}`,
    label: 'invoice page',
  }),
});
