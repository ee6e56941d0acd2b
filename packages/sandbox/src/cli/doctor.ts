/** `paywire doctor`: checks a running app's webhook endpoint. */
import { doctorProvidersFromEnv, loadDoctorConfig, sandboxDoctorProviders } from '../doctor/config.js';
import { doctor, formatDoctorReport } from '../doctor/index.js';
import { flagLines, parseFlags, UsageError, type FlagSpec } from './args.js';

const FLAGS: readonly FlagSpec[] = [
  {
    name: 'url',
    value: 'URL',
    help: "your app's webhook base URL (required); the doctor posts to URL/<provider>, e.g. http://127.0.0.1:3000/webhooks",
  },
  {
    name: 'config',
    value: 'FILE',
    help: 'a JSON or JS module file with the createPaywire options (or { providers }) your app uses',
  },
  {
    name: 'sandbox',
    type: 'boolean',
    help: "use the sandbox's test credentials for all four providers (what the example apps use)",
  },
  { name: 'json', type: 'boolean', help: 'print the report as JSON' },
];
const HINT = 'paywire doctor --help';

/** `paywire doctor --help`. */
export const doctorHelp = `usage: paywire doctor --url URL [--config FILE | --sandbox] [--json]

Sends one signed test delivery per configured provider to your running app (header x-paywire-doctor: 1, payment id
paywire-doctor-…: paywire verifies it and answers what it saw; no handler runs) and explains each answer — wrong
path, wrong secret, a body parser in front of paywire, a missing Paylican guard, a proxy's X-Forwarded-For, clock
skew — with the fix. Exit 0 when every provider is fine, 1 when a problem was found, 2 for bad usage.

Without --config or --sandbox the configuration comes from the environment: WAYLET_SECRET; PAYLICAN_WEBHOOK_TOKEN
(PAYLICAN_WEBHOOK_TOKEN_IN=path for a path token); PAYKASSMA_POSTBACK_ACCESS_KEY + PAYKASSMA_POSTBACK_PRIVATE_KEY;
ETPAY_MERCHANT_CODE; PROVIDERS=waylet,etpay keeps only those. From code: await doctor({ url, providers }).

flags:
${flagLines(FLAGS)}
`;

/**
 * Runs `paywire doctor`.
 * @returns 0 when no error was found, 1 otherwise
 * @throws {@link UsageError} for bad usage
 */
export async function doctorCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { values } = parseFlags(argv, FLAGS, 0, HINT);
  if (values.help) {
    out(doctorHelp);
    return 0;
  }
  if (typeof values.url !== 'string')
    throw new UsageError("--url is required: your app's webhook base URL, e.g. http://127.0.0.1:3000/webhooks", HINT);
  if (!URL.canParse(values.url)) throw new UsageError(`--url is not a URL: ${values.url}`, HINT);
  if (values.sandbox && values.config) throw new UsageError('--config and --sandbox exclude each other', HINT);
  const providers = values.sandbox
    ? sandboxDoctorProviders
    : typeof values.config === 'string'
      ? await loadDoctorConfig(values.config).catch((e: Error) => {
          throw new UsageError(e.message, HINT);
        })
      : doctorProvidersFromEnv(process.env);
  if (Object.keys(providers).length === 0)
    throw new UsageError(
      'no provider configured: pass --config FILE or --sandbox, or set WAYLET_SECRET, PAYLICAN_WEBHOOK_TOKEN, …',
      HINT,
    );
  const report = await doctor({ url: values.url, providers });
  out(values.json ? JSON.stringify(report, null, 2) : formatDoctorReport(report));
  return report.ok ? 0 : 1;
}
