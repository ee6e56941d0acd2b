import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { parseJsonTree } from '@paywire/core/testing';
import type { Emulator, EmulatorContext } from '../context.js';
import type { RetryRule } from '../deliver.js';
import { esc, page } from '../html.js';
import { json, own, type SandboxRequest, type SandboxResponse } from '../http.js';
import type { SandboxPayment } from '../state.js';
import {
  acknowledged,
  paykassmaCredentials,
  paykassmaTrigger,
  postbackDelivery,
  type PostbackFacts,
} from './paykassma-postback.js';
import { defineSandboxProvider } from './types.js';

export { acknowledged, paykassmaTrigger } from './paykassma-postback.js';

const creds = paykassmaCredentials;
const API = '/paykassma/api/v1/transaction';
const PLUGIN = '/paykassma/plugin';
const WAVEPAY = '/paykassma/wavepay';
/** The wallets the sandbox serves: the currency each takes and the numbers customers pay to. */
const WALLETS: Record<string, { currency: string; numbers: string[] }> = {
  wavepay: { currency: 'MMK', numbers: ['09790000111', '09790000222', '09790000333'] },
  nagad: { currency: 'BDT', numbers: ['01700000111', '01700000222'] },
  sinpe_movil: { currency: 'CRC', numbers: ['88000111', '88000222'] },
};
/** The answer a test transaction number (`key1`) produces, by its first digit; any other first character → fail. */
const OUTCOME_BY_DIGIT: Record<string, Outcome> = { '1': 'ok', '2': 'pending', '3': 'possible_transaction_created' };
const MESSAGES = {
  pending:
    'The deposit status check has been started. The operation may take longer than expected. Upon completion of the verification, the funds will be credited to your account',
  possible_transaction_created: 'Transaction not found. Possible transaction created',
  fail: 'Transaction not found',
};

type Outcome = 'ok' | 'pending' | 'possible_transaction_created';
type Body = Record<string, unknown>;
type Answer = Body & { status: Outcome | 'fail' };
interface Activation {
  walletType: string;
  currencyCode: string;
  label: string;
  key1: string;
  /** Decimal text of the amount, as sent. */
  amount: string;
  /** `custom_transaction_id`; none for deposits made in the payment window. */
  customId: string | undefined;
}

/** Postbacks are resent until acknowledged; the real interval is not public, the sandbox stops after 10 attempts. */
const RETRY: RetryRule = { maxAttempts: 10, intervalMs: 1000, accepted: acknowledged };

const fail = (message: string): Answer => ({ status: 'fail', message });
const isDecimal = (v: string) => /^\d+(\.\d+)?$/.test(v) && /[1-9]/.test(v);
const text = (v: unknown) =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isInteger(v) ? String(v) : undefined;
const fits = (v: string | undefined, max: number): v is string =>
  v !== undefined && v.length > 0 && [...v].length <= max;

function secretMatches(req: SandboxRequest): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(req.query.get('secret') ?? ''), digest(creds.apiSecret));
}

/** The wallet number a label pays to (stable per label). */
function walletNumber(walletType: string, label: string): string {
  const numbers = own(WALLETS, walletType.toLowerCase())?.numbers ?? [];
  return numbers[createHash('sha1').update(label).digest().readUInt32BE(0) % numbers.length] ?? '';
}

/** The exact text of the top-level `amount` number token (JSON.parse would lose trailing zeros). */
function amountToken(req: SandboxRequest): string | undefined {
  try {
    const tree = parseJsonTree(req.text);
    const node = tree.kind === 'object' ? tree.entries.find(([k]) => k === 'amount')?.[1] : undefined;
    return node?.kind === 'number' ? node.token : undefined;
  } catch {
    return undefined;
  }
}

/** Reads activation fields (API JSON or window form); a string is the validation message. */
function readActivation(b: Body, amount: string | undefined, requireCustomId: boolean): Activation | string {
  const [currencyCode, walletType, label, key1, customId] = [
    b.currency_code,
    b.wallet_type,
    b.label,
    b.key1,
    b.custom_transaction_id,
  ].map(text);
  if (!currencyCode || !/^[A-Z]{3}$/.test(currencyCode)) return 'The currency code must be 3 upper-case letters.';
  if (!fits(walletType, 190)) return 'The wallet type field is required.';
  if (!fits(label, 190)) return 'The label field is required (at most 190 characters).';
  if (!fits(key1, 11)) return 'The key1 field is required (the wallet transaction number, at most 11 characters).';
  if (amount === undefined || !isDecimal(amount)) return 'The amount must be a number greater than zero.';
  if (requireCustomId && !fits(customId, 190))
    return 'The custom transaction id field is required (at most 190 characters).';
  return { walletType: walletType.toLowerCase(), currencyCode, label, key1, amount, customId };
}

/** Sends the signed postback for a credited deposit, resent until acknowledged. */
function postback(ctx: EmulatorContext, payment: SandboxPayment): void {
  payment.status = 'PAID';
  payment.data.activatedAt = new Date();
  const facts: PostbackFacts = {
    transactionId: payment.id,
    amount: payment.amount,
    currency: payment.currency,
    walletType: String(payment.data.walletType),
    label: String(payment.data.label),
    customId: payment.data.customId as string | undefined,
    createdAt: payment.createdAt,
    activatedAt: payment.data.activatedAt as Date,
  };
  const delivery = postbackDelivery(facts, ctx.merchant.paykassmaPostbackFormat ?? 'flat');
  void ctx.send(
    payment,
    { url: ctx.merchant.paykassmaPostbackUrl, label: `postback ${payment.id}`, build: () => delivery },
    RETRY,
  );
}

/** The activation logic shared by the API and the payment window; the answer is chosen by `key1` (see the README). */
function activate(ctx: EmulatorContext, a: Activation, nextId: () => string): Answer {
  const wallet = own(WALLETS, a.walletType);
  if (!wallet) return fail(`Wallet type ${a.walletType} is not available`);
  if (wallet.currency !== a.currencyCode)
    return fail(`Currency ${a.currencyCode} is not available for ${a.walletType}`);
  if (ctx.state.find('paykassma', (p) => p.data.walletType === a.walletType && p.data.key1 === a.key1))
    return fail(`Transaction ${a.key1} has already been activated`);
  if (a.customId !== undefined && ctx.state.find('paykassma', (p) => p.data.customId === a.customId))
    return fail('The custom transaction id has already been taken.');
  const outcome = own(OUTCOME_BY_DIGIT, a.key1[0] ?? '');
  if (!outcome) return fail(MESSAGES.fail);
  const status = { ok: 'PAID', pending: 'PENDING', possible_transaction_created: 'POSSIBLE_TRANSACTION' }[outcome];
  const reference = a.customId ?? `${a.label} (payment window)`;
  const payment = ctx.state.add({
    provider: 'paykassma',
    id: nextId(),
    reference,
    amount: a.amount,
    currency: a.currencyCode,
    status,
    data: { ...a },
  });
  if (outcome === 'ok') {
    postback(ctx, payment); // the real provider credits now AND sends the postback
    return {
      status: 'ok',
      deposit: true,
      deposit_amount: Number(a.amount),
      currency: { code: a.currencyCode, symbol: a.currencyCode },
    };
  }
  if (outcome === 'pending') ctx.later(ctx.retryIntervalMs, () => postback(ctx, payment));
  return { status: outcome, message: MESSAGES[outcome] };
}

const notFound: SandboxResponse = {
  status: 404,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: '<!doctype html><title>Not Found</title><h1>404 Not Found</h1>',
};
const objectBody = (req: SandboxRequest): Body | undefined =>
  req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Body) : undefined;

function create(req: SandboxRequest): SandboxResponse {
  if (!secretMatches(req)) return notFound;
  const b = objectBody(req);
  if (!b) return json(422, fail('A JSON body is required.'));
  const [currency, label] = [text(b.currency), text(b.label)];
  if (!currency || !/^[A-Z]{3}$/.test(currency)) return json(422, fail('The currency must be 3 upper-case letters.'));
  if (!fits(label, 190)) return json(422, fail('The label field is required (at most 190 characters).'));
  const walletType = (req.params.walletType ?? '').toLowerCase();
  const wallet = own(WALLETS, walletType);
  if (!wallet) return json(200, fail(`Wallet type ${req.params.walletType} is not available`));
  if (wallet.currency !== currency) return json(200, fail(`Currency ${currency} is not available for ${walletType}`));
  return json(200, { status: 'ok', params: { identifier: walletNumber(walletType, label) } });
}

const WINDOW_PASS = [
  'lang',
  'payment_url_success_id',
  'payment_url_fail_id',
  'payment_url_pending_id',
  'success_url',
  'fail_url',
  'pending_url',
];
const hidden = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
const windowHref = (f: Record<string, string>) => `${PLUGIN}/?${new URLSearchParams(f).toString()}`;

/** The window's parameters; undefined when the required ones are missing. */
function windowFields(source: Body): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  for (const k of ['label', 'wallet_type', 'currency_code', ...WINDOW_PASS])
    if (typeof source[k] === 'string' && source[k] !== '') fields[k] = source[k];
  return fields.label && fields.wallet_type && fields.currency_code ? fields : undefined;
}

function paymentWindow(f: Record<string, string>, notice = ''): SandboxResponse {
  const walletType = f.wallet_type?.toLowerCase() ?? '';
  const wallet = walletNumber(walletType, f.label ?? '');
  if (!wallet || own(WALLETS, walletType)?.currency !== f.currency_code)
    return {
      ...page(
        'Payment window',
        `<h1>Payment window</h1><p id="error">Wallet ${esc(f.wallet_type)} does not take ${esc(f.currency_code)}.</p>`,
        { brand: 'Paykassma (sandbox)' },
      ),
      status: 400,
    };
  const app = `${WAVEPAY}?${new URLSearchParams({ wallet, currency: f.currency_code ?? '', back: windowHref(f) }).toString()}`;
  return page(
    'Payment window',
    `<h1>Deposit with ${esc(f.wallet_type)}</h1>${notice}
<p>Send the amount to wallet <code id="wallet">${esc(wallet)}</code> (${esc(f.currency_code)}) in your ${esc(f.wallet_type)} app, then type the transaction number the app shows.</p>
<p class="muted">Sandbox: <a id="wavepay-app" href="${esc(app)}">open the Wavepay app</a> to pay and get a test transaction number.</p>
<form method="post" action="${PLUGIN}/activate" id="activation">${hidden(f)}
<p><label>Amount (${esc(f.currency_code)}) <input name="amount" id="amount" inputmode="decimal" required></label></p>
<p><label>Transaction number <input name="key1" id="key1" maxlength="11" required></label></p>
<p><button class="pay" type="submit" id="activate">Activate</button></p></form>`,
    { brand: 'Paykassma (sandbox)' },
  );
}

const RESULT_TEXT: Record<Answer['status'], [string, 'success' | 'pending' | 'fail']> = {
  ok: ['Your deposit is credited.', 'success'],
  pending: ['Your deposit is being checked; it is credited when the check completes.', 'pending'],
  possible_transaction_created: ['The transaction was not found yet; it was opened for review.', 'pending'],
  fail: ['The transaction could not be activated.', 'fail'],
};

/** The page shown after the window's Activate button: the answer, and the way back to the merchant. */
function windowResult(f: Record<string, string>, answer: Answer): SandboxResponse {
  const [headline, kind] = RESULT_TEXT[answer.status];
  const url = f[`${kind}_url`];
  const id = f[`payment_url_${kind}_id`];
  // The sandbox's URL "hashing" is the identity: a raw absolute URL is used as is.
  const back =
    url && /^https?:\/\//.test(url)
      ? `<p><a id="back-to-merchant" href="${esc(url)}">Return to the merchant</a></p>`
      : id
        ? `<p class="muted">Paykassma now sends you to the URL registered with support as ${kind} id <code>${esc(id)}</code>.</p>`
        : '';
  const message = typeof answer.message === 'string' ? `<p class="muted">${esc(answer.message)}</p>` : '';
  return page(
    'Payment window',
    `<h1>${esc(headline)}</h1><p id="result" data-status="${esc(answer.status)}">${esc(answer.status)}</p>${message}${back}<p><a id="again" href="${esc(windowHref(f))}">Back to the payment window</a></p>`,
    { brand: 'Paykassma (sandbox)' },
  );
}

/** A fresh 10-digit test transaction number starting with `digit`. */
const freshNumber = (digit: string) => `${digit}${String(randomInt(0, 1e9)).padStart(9, '0')}`;

function wavepayApp(req: SandboxRequest): SandboxResponse {
  const source = (req.method === 'POST' ? objectBody(req) : Object.fromEntries(req.query)) ?? {};
  const [wallet = '', amount = '', currency = '', back = ''] = ['wallet', 'amount', 'currency', 'back'].map(
    (k) => text(source[k]) ?? '',
  );
  if (!wallet)
    return {
      ...page('Wavepay', '<h1>Wavepay</h1><p id="error">Open this page with ?wallet=…</p>', {
        brand: 'Wavepay (sandbox)',
      }),
      status: 400,
    };
  const backLink =
    back.startsWith('/') || /^https?:\/\//.test(back) ? `<p><a id="back" href="${esc(back)}">Back</a></p>` : '';
  if (req.method === 'GET' || !isDecimal(amount)) {
    const error = req.method === 'POST' ? '<p id="error">Type an amount greater than zero.</p>' : '';
    return page(
      'Wavepay',
      `<h1>Wavepay</h1>${error}<form method="post" action="${WAVEPAY}">${hidden({ wallet, currency, back })}
<p>Pay to wallet <code>${esc(wallet)}</code></p><p><label>Amount (${esc(currency || 'MMK')}) <input name="amount" id="amount" value="${esc(amount)}" inputmode="decimal" required></label></p>
<p><button class="pay" type="submit" id="pay">Pay</button></p></form>${backLink}`,
      { brand: 'Wavepay (sandbox)' },
    );
  }
  const others = [
    ['2', 'pending', 'pending'],
    ['3', 'possible', 'possible_transaction_created'],
    ['4', 'fail', 'fail'],
  ]
    .map(([d, id, what]) => `<li><code id="number-${id}">${freshNumber(d ?? '')}</code> → ${what}</li>`)
    .join('');
  return page(
    'Wavepay',
    `<h1>You paid ${esc(amount)} ${esc(currency)}</h1><p>To wallet <code>${esc(wallet)}</code>. Your transaction number is <code id="transaction-number">${freshNumber('1')}</code>.</p>
<p class="muted">Sandbox: type one of these instead to get another answer from Paykassma:</p><ul>${others}</ul>${backLink}`,
    { brand: 'Wavepay (sandbox)' },
  );
}

/**
 * Emulates Paykassma (Wavepay, Nagad, Sinpe Movil): create and activate (`?secret=`), the payment window,
 * a Wavepay app page giving test transaction numbers, and signed postbacks resent until acknowledged.
 */
export const paykassma: Emulator = (ctx) => {
  let lastId = 880_000_000;
  const nextId = () => String(++lastId);
  ctx.router
    .add('POST', `${API}/create/:walletType`, create)
    .add('POST', `${API}/activate`, (req) => {
      if (!secretMatches(req)) return notFound;
      const fields = readActivation(objectBody(req) ?? {}, amountToken(req) ?? text(objectBody(req)?.amount), true);
      return typeof fields === 'string' ? json(422, fail(fields)) : json(200, activate(ctx, fields, nextId));
    })
    .add('GET', PLUGIN, (req) => {
      const fields = windowFields(Object.fromEntries(req.query));
      return fields
        ? paymentWindow(fields)
        : {
            ...page(
              'Payment window',
              '<h1>Payment window</h1><p id="error">label, wallet_type and currency_code are required.</p>',
            ),
            status: 400,
          };
    })
    .add('POST', `${PLUGIN}/activate`, (req) => {
      const body = objectBody(req) ?? {};
      const fields = windowFields(body);
      if (!fields)
        return {
          ...page(
            'Payment window',
            '<h1>Payment window</h1><p id="error">label, wallet_type and currency_code are required.</p>',
          ),
          status: 400,
        };
      const activation = readActivation(
        { ...body, custom_transaction_id: undefined },
        (text(body.amount) ?? '').trim(),
        false,
      );
      if (typeof activation === 'string')
        return { ...paymentWindow(fields, `<p id="error">${esc(activation)}</p>`), status: 400 };
      return windowResult(fields, activate(ctx, activation, nextId));
    })
    .add('GET', WAVEPAY, wavepayApp)
    .add('POST', WAVEPAY, wavepayApp);
};

const urls = (baseUrl: string) => ({ apiUrl: `${baseUrl}/paykassma`, pluginUrl: `${baseUrl}/paykassma/plugin` });

/**
 * Paykassma in the sandbox: emulator, credentials, trigger and flags. No customer page per payment: a deposit is made
 * in the payment window, before the sandbox knows it.
 */
export const paykassmaSandbox = defineSandboxProvider({
  title: 'Paykassma',
  emulator: paykassma,
  credentials: creds,
  urls,
  options: (baseUrl: string) => ({
    ...urls(baseUrl),
    apiSecret: creds.apiSecret,
    postbackAccessKey: creds.postbackAccessKey,
    postbackPrivateKey: creds.postbackPrivateKey,
  }),
  merchant: { paykassmaPostbackUrl: 'http://127.0.0.1:3000/webhooks/paykassma' },
  sandboxFlags: [
    {
      name: 'paykassma-postback-url',
      value: 'URL',
      help: 'where Paykassma postbacks go (default http://127.0.0.1:3000/webhooks/paykassma)',
      merchant: (url) => ({ paykassmaPostbackUrl: url }),
    },
    {
      name: 'paykassma-format',
      value: 'flat|legacy',
      help: 'the Paykassma postback body the sandbox sends: flat, the current format (default), or legacy',
      merchant(format) {
        if (format !== 'flat' && format !== 'legacy')
          throw new Error(`--paykassma-format must be flat or legacy, got ${format}`);
        return format === 'legacy' ? { paykassmaPostbackFormat: 'legacy' } : {};
      },
    },
  ],
  trigger: paykassmaTrigger,
  triggerFlags: [
    { name: 'amount', value: 'DECIMAL', help: 'major units of the wallet currency, e.g. 500.50 (default 500)' },
    { name: 'label', value: 'L', help: "the customer's label (default user-1)" },
    { name: 'transaction-id', value: 'N', help: "Paykassma's transaction id (default: a fresh one)" },
    { name: 'access-key', value: 'K', help: `postback access key (default ${creds.postbackAccessKey})` },
    {
      name: 'private-key',
      value: 'P',
      help: `postback private key (default ${creds.postbackPrivateKey}); --secret is an alias`,
    },
    { name: 'secret', value: 'P', help: 'same as --private-key' },
    {
      name: 'format',
      value: 'flat|legacy',
      help: 'the postback body: flat, the current format, signed whole (default); legacy, { access_key, label, transactions }',
    },
    { name: 'status', value: 'S', help: 'the status of a failed flat postback (default Rejected)' },
  ],
});
