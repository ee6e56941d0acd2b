/** `paywire sandbox`: serves the emulator until stopped. */
import { sandboxEntries } from '../providers/index.js';
import type { SandboxFlag } from '../providers/types.js';
import { createSandbox } from '../server.js';
import type { MerchantProfile } from '../context.js';
import { flagLines, parseFlags, UsageError, type FlagSpec } from './args.js';

/** Every provider's merchant-profile flags, from the sandbox modules. */
const PROVIDER_FLAGS: readonly SandboxFlag[] = sandboxEntries.flatMap(([, m]) => m.sandboxFlags ?? []);

const FLAGS: readonly FlagSpec[] = [
  { name: 'port', value: 'N', help: 'port to listen on; 0 picks a free one (default 4010)' },
  { name: 'host', value: 'HOST', help: 'address to listen on (default 127.0.0.1)' },
  ...PROVIDER_FLAGS,
];

/** The providers' display names: `Waylet, Paylican, Paykassma and ETpay`. */
export const providerTitles = (() => {
  const titles = sandboxEntries.map(([, m]) => m.title);
  return titles.length < 2 ? titles.join('') : `${titles.slice(0, -1).join(', ')} and ${titles.at(-1)}`;
})();

/** `paywire sandbox --help`. */
export const sandboxHelp = `usage: paywire sandbox [flags]

Runs the local emulator of ${providerTitles} (APIs, hosted pages, signed callbacks) and its
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
  const merchant: Partial<MerchantProfile> = {};
  for (const flag of PROVIDER_FLAGS) {
    const value = values[flag.name];
    if (typeof value !== 'string') continue;
    if (flag.value === 'URL' && !URL.canParse(value))
      throw new UsageError(`not a URL: ${value}`, 'paywire sandbox --help');
    try {
      Object.assign(merchant, flag.merchant(value));
    } catch (e) {
      throw new UsageError((e as Error).message, 'paywire sandbox --help');
    }
  }
  const sb = await createSandbox({
    port,
    host: typeof values.host === 'string' ? values.host : '127.0.0.1',
    merchant,
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
