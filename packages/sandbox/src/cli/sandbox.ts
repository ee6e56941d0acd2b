/** `paywire sandbox`: serves the emulator until stopped. */
import { createSandbox } from '../server.js';
import { flagLines, parseFlags, UsageError, type FlagSpec } from './args.js';

const FLAGS: readonly FlagSpec[] = [
  { name: 'port', value: 'N', help: 'port to listen on; 0 picks a free one (default 4010)' },
  { name: 'host', value: 'HOST', help: 'address to listen on (default 127.0.0.1)' },
  {
    name: 'paylican-webhook-url',
    value: 'URL',
    help: 'where Paylican webhooks go (default http://127.0.0.1:3000/webhooks/paylican?token=sandbox-paylican-webhook-token)',
  },
  {
    name: 'paykassma-postback-url',
    value: 'URL',
    help: 'where Paykassma postbacks go (default http://127.0.0.1:3000/webhooks/paykassma)',
  },
  {
    name: 'paykassma-format',
    value: 'flat|legacy',
    help: 'the Paykassma postback body the sandbox sends: flat, the current format (default), or legacy',
  },
  {
    name: 'etpay-webhook-url',
    value: 'URL',
    help: 'where ETpay notifications go when a session names none (default http://127.0.0.1:3000/webhooks/etpay)',
  },
];

/** `paywire sandbox --help`. */
export const sandboxHelp = `usage: paywire sandbox [flags]

Runs the local emulator of Waylet, Paylican, Paykassma and ETpay (APIs, hosted pages, signed callbacks) and its
dashboard, and prints the test credentials to give createPaywire({ providers }). Stop it with Ctrl-C.

flags:
${flagLines(FLAGS)}
`;

/**
 * Runs `paywire sandbox` until SIGINT/SIGTERM.
 * @throws {@link UsageError} for bad usage
 */
export async function sandbox(argv: string[], out: (s: string) => void): Promise<number> {
  const { values } = parseFlags(argv, FLAGS, 0, 'paywire sandbox --help');
  if (values.help) {
    out(sandboxHelp);
    return 0;
  }
  const port = Number(values.port ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a port number 0–65535, got ${String(values.port)}`, 'paywire sandbox --help');
  const urls = {
    paylicanWebhookUrl: values['paylican-webhook-url'],
    paykassmaPostbackUrl: values['paykassma-postback-url'],
    etpayWebhookUrl: values['etpay-webhook-url'],
  };
  const merchant: Record<string, string> = {};
  for (const [k, v] of Object.entries(urls)) {
    if (typeof v !== 'string') continue;
    if (!URL.canParse(v)) throw new UsageError(`not a URL: ${v}`, 'paywire sandbox --help');
    merchant[k] = v;
  }
  const format = values['paykassma-format'];
  if (format !== undefined && format !== 'flat' && format !== 'legacy') {
    throw new UsageError(`--paykassma-format must be flat or legacy, got ${String(format)}`, 'paywire sandbox --help');
  }
  const sb = await createSandbox({
    port,
    host: typeof values.host === 'string' ? values.host : '127.0.0.1',
    merchant: { ...merchant, ...(format === 'legacy' ? { paykassmaPostbackFormat: 'legacy' as const } : {}) },
  });
  out(`paywire sandbox listening on ${sb.url} (dashboard: ${sb.url}/)\n`);
  out('Test credentials (sandbox only) — pass these as createPaywire({ providers }):');
  out(JSON.stringify(sb.providers(), null, 2));
  return new Promise<number>((resolve) => {
    const stop = () => void sb.close().then(() => resolve(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
