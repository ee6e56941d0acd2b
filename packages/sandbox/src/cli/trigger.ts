/**
 * `paywire trigger <provider> <outcome>`: one signed callback, as the provider would send it, to the merchant's URL.
 */
import { createHash } from 'node:crypto';
import { request } from 'undici';
import { sandboxCredentials as creds } from '../credentials.js';
import { own } from '../http.js';
import { triggers, type TriggerOutcome } from '../triggers.js';
import { flagLines, parseFlags, suggest, UsageError, type FlagSpec } from './args.js';

const OUTCOMES: readonly TriggerOutcome[] = ['paid', 'failed', 'canceled'];
const HINT = 'paywire trigger --help';

const COMMON: readonly FlagSpec[] = [
  {
    name: 'to',
    value: 'URL',
    help: "your app's webhook URL for this provider (required), e.g. http://127.0.0.1:3000/webhooks/waylet",
  },
  {
    name: 'payment-id',
    value: 'ID',
    help: 'your reference for the payment (default: a fresh one). Naming it again is a retry',
  },
];

/** Per-provider flags, each with its unit and default (the sandbox's public test secrets). */
export const PROVIDER_FLAGS: Readonly<Record<string, readonly FlagSpec[]>> = {
  waylet: [
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
    { name: 'secret', value: 'S', help: `HMAC secret (default: the sandbox's, ${creds.waylet.secret})` },
  ],
  paylican: [
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
      help: `guard token put in ?token= (default: one already in --to, else ${creds.paylican.webhookToken}); --secret is an alias`,
    },
    { name: 'secret', value: 'T', help: 'same as --token' },
  ],
  paykassma: [
    { name: 'amount', value: 'DECIMAL', help: 'major units of the wallet currency, e.g. 500.50 (default 500)' },
    { name: 'label', value: 'L', help: "the customer's label (default user-1)" },
    { name: 'transaction-id', value: 'N', help: "Paykassma's transaction id (default: a fresh one)" },
    { name: 'access-key', value: 'K', help: `postback access key (default ${creds.paykassma.postbackAccessKey})` },
    {
      name: 'private-key',
      value: 'P',
      help: `postback private key (default ${creds.paykassma.postbackPrivateKey}); --secret is an alias`,
    },
    { name: 'secret', value: 'P', help: 'same as --private-key' },
    {
      name: 'format',
      value: 'flat|legacy',
      help: 'the postback body: flat, the current format, signed whole (default); legacy, { access_key, label, transactions }',
    },
    { name: 'status', value: 'S', help: 'the status of a failed flat postback (default Rejected)' },
  ],
  etpay: [
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
};

const flagsOf = (provider: string | undefined) => [...COMMON, ...((provider && own(PROVIDER_FLAGS, provider)) || [])];
const derive = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex');

/** `paywire trigger --help`, or one provider's. */
export function triggerHelp(provider?: string): string {
  const providers = Object.keys(PROVIDER_FLAGS);
  const head = `usage: paywire trigger <${providers.join('|')}> <${OUTCOMES.join('|')}> --to URL [flags]

Sends one signed callback to your app, as the provider would, prints it and your app's answer.
Exit 0 when your app acknowledged it, 1 when it refused it or did not answer, 2 for bad usage.
The same event sent twice (same provider, outcome and ids) is what a provider's retry is: your app answers the
second as a duplicate and does not run its handlers again.

flags:
${flagLines(COMMON)}`;
  if (provider) return `${head}\n\n${provider} flags:\n${flagLines(own(PROVIDER_FLAGS, provider) ?? [])}\n`;
  return `${head}\n\n${providers.map((p) => `${p} flags:\n${flagLines(own(PROVIDER_FLAGS, p) ?? [])}`).join('\n\n')}\n`;
}

function providerFlags(
  provider: string,
  values: Record<string, string | boolean | undefined>,
): Record<string, string | undefined> {
  const flags: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(values))
    if (typeof v === 'string') flags[k.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())] = v;
  const amount = flags.amount;
  if (amount !== undefined && (provider === 'waylet' || provider === 'etpay') && !/^[1-9]\d*$/.test(amount)) {
    const unit =
      provider === 'waylet'
        ? `cents: for ${amount} EUR write --amount ${Math.round(Number(amount) * 100) || 350}`
        : 'whole Chilean pesos (CLP has no cents)';
    throw new UsageError(
      `${provider}: --amount ${amount} is not a whole number; it counts ${unit}`,
      `paywire trigger ${provider} --help`,
    );
  }
  return flags;
}

/** Stable ids so that the same trigger twice is a retry of one event, not two events. */
function retryIds(provider: string, outcome: string, flags: Record<string, string | undefined>): void {
  if (provider === 'waylet' && !flags.wayletId && flags.paymentId)
    flags.wayletId = derive('waylet', flags.paymentId).slice(0, 24);
  if (provider === 'etpay' && !flags.paymentToken && flags.sessionToken)
    flags.paymentToken = `pt-${derive('etpay', flags.sessionToken, outcome).slice(0, 32)}`;
  const ref = flags.invoiceId ?? flags.paymentId;
  if (provider === 'paylican' && !flags.webhookId && ref)
    flags.webhookId = derive('paylican', ref, outcome).slice(0, 24);
}

/**
 * Runs `paywire trigger`.
 * @returns the exit code: 0 acknowledged, 1 refused or no answer
 * @throws {@link UsageError} for bad usage (exit 2)
 */
export async function trigger(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const first = argv.find((a) => !a.startsWith('-'));
  const provider = first !== undefined && own(PROVIDER_FLAGS, first) ? first : undefined;
  const { values, positionals } = parseFlags(
    argv,
    flagsOf(provider),
    2,
    provider ? `paywire trigger ${provider} --help` : HINT,
  );
  if (values.help) {
    out(triggerHelp(provider));
    return 0;
  }
  const [name, outcome] = positionals;
  if (!name) throw new UsageError('which provider? (waylet, paylican, paykassma or etpay)', HINT);
  const build = provider ? own(triggers, provider) : undefined;
  if (!provider || !build) {
    const near = suggest(name, Object.keys(PROVIDER_FLAGS));
    throw new UsageError(`unknown provider "${name}"${near ? ` (did you mean ${near}?)` : ''}`, HINT);
  }
  if (!outcome || !OUTCOMES.includes(outcome as TriggerOutcome))
    throw new UsageError(
      `the outcome must be one of ${OUTCOMES.join(', ')}${outcome ? ` (got "${outcome}")` : ''}`,
      HINT,
    );
  if (typeof values.to !== 'string') throw new UsageError("--to URL is required: your app's webhook URL", HINT);
  if (!URL.canParse(values.to)) throw new UsageError(`--to is not a URL: ${values.to}`, HINT);
  const flags = providerFlags(provider, values);
  retryIds(provider, outcome, flags);
  const built = await Promise.resolve()
    .then(() => build(outcome as TriggerOutcome, flags))
    .catch((e: unknown) => {
      throw new UsageError((e as Error).message, `paywire trigger ${provider} --help`);
    });
  out(`POST ${values.to}\n${built.body}\n`);
  try {
    const res = await request(built.url ?? values.to, { method: 'POST', headers: built.headers, body: built.body });
    const answer = await res.body.text();
    out(`← ${res.statusCode} ${answer}`);
    const accepted = built.accepted ?? ((status: number) => status >= 200 && status < 300);
    return accepted(res.statusCode, answer) ? 0 : 1;
  } catch (e) {
    err(`paywire: no answer from ${values.to}: ${(e as Error).message}`);
    return 1;
  }
}
