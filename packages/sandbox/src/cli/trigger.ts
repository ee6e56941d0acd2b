/**
 * `paywire trigger <provider> <outcome>`: one signed callback, as the provider would send it, to the merchant's URL.
 */
import { request } from 'undici';
import { own } from '../http.js';
import { sandboxEntries, sandboxModules } from '../providers/index.js';
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

/** Per-provider flags, each with its unit and default (the sandbox's public test secrets); from the sandbox modules. */
export const PROVIDER_FLAGS: Readonly<Record<string, readonly FlagSpec[]>> = Object.fromEntries(
  sandboxEntries.map(([name, m]) => [name, m.triggerFlags]),
);

const flagsOf = (provider: string | undefined) => [...COMMON, ...((provider && own(PROVIDER_FLAGS, provider)) || [])];

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

/**
 * The provider's flags by camel-cased name, checked and completed by its sandbox module (e.g. stable ids so that the
 * same trigger twice is a retry of one event, not two events).
 */
function providerFlags(
  provider: string,
  outcome: string,
  values: Record<string, string | boolean | undefined>,
): Record<string, string | undefined> {
  const flags: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(values))
    if (typeof v === 'string') flags[k.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())] = v;
  try {
    own(sandboxModules, provider)?.prepareTrigger?.(outcome, flags);
  } catch (e) {
    throw new UsageError((e as Error).message, `paywire trigger ${provider} --help`);
  }
  return flags;
}

/** `a, b, c or d`. */
const either = (words: readonly string[]) =>
  words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;

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
  if (!name) throw new UsageError(`which provider? (${either(Object.keys(PROVIDER_FLAGS))})`, HINT);
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
  const flags = providerFlags(provider, outcome, values);
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
