#!/usr/bin/env node
/**
 * The `paywire` command.
 *   paywire sandbox [--port 4010] [--host 127.0.0.1] [--paylican-webhook-url URL] [--paykassma-postback-url URL] [--etpay-webhook-url URL]
 *   paywire trigger <provider> <paid|failed|canceled> --to <url> [--secret S] [--payment-id ID] [--amount N] [...provider flags]
 */
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { createSandbox } from './server.js';
import { own } from './http.js';
import { triggers, type TriggerOutcome } from './triggers.js';

const USAGE = `usage:
  paywire sandbox [--port 4010] [--host 127.0.0.1] [--paylican-webhook-url URL] [--paykassma-postback-url URL] [--etpay-webhook-url URL]
  paywire trigger <${Object.keys(triggers).join('|')}> <paid|failed|canceled> --to <url> [--secret S] [--payment-id ID] [--amount N]`;

async function sandbox(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string', default: '4010' }, host: { type: 'string', default: '127.0.0.1' }, 'paylican-webhook-url': { type: 'string' }, 'paykassma-postback-url': { type: 'string' }, 'etpay-webhook-url': { type: 'string' } },
  });
  const merchant = {
    ...(values['paylican-webhook-url'] ? { paylicanWebhookUrl: values['paylican-webhook-url'] } : {}),
    ...(values['paykassma-postback-url'] ? { paykassmaPostbackUrl: values['paykassma-postback-url'] } : {}),
    ...(values['etpay-webhook-url'] ? { etpayWebhookUrl: values['etpay-webhook-url'] } : {}),
  };
  const sb = await createSandbox({ port: Number(values.port), host: values.host, merchant });
  console.log(`paywire sandbox listening on ${sb.url} (dashboard: ${sb.url}/)\n`);
  console.log('Test credentials (sandbox only) — pass these as createPaywire({ providers }):');
  console.log(JSON.stringify(sb.providers(), null, 2));
  const stop = async () => {
    await sb.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise(() => {}); // runs until stopped
}

async function trigger(argv: string[]): Promise<number> {
  // Provider flags are not declared, so parseArgs would read `--secret S` as a boolean: join them as `--secret=S`.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [arg, next] = [argv[i] as string, argv[i + 1]];
    if (arg.startsWith('--') && !arg.includes('=') && next !== undefined && !next.startsWith('--')) args.push(`${arg}=${argv[++i]}`);
    else args.push(arg);
  }
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: false, options: { to: { type: 'string' } } });
  const [provider, outcome] = positionals;
  const build = provider ? own(triggers, provider) : undefined;
  if (!build || !['paid', 'failed', 'canceled'].includes(String(outcome)) || typeof values.to !== 'string') {
    console.error(USAGE);
    return 2;
  }
  const flags: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(values)) if (typeof v === 'string') flags[k.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())] = v;
  const built = await Promise.resolve()
    .then(() => build(outcome as TriggerOutcome, flags))
    .catch((err: unknown) => err as Error);
  if (built instanceof Error) {
    console.error(built.message);
    return 2;
  }
  const { body, headers } = built;
  console.log(`POST ${values.to}\n${body}\n`);
  try {
    const res = await request(built.url ?? values.to, { method: 'POST', headers, body });
    const answer = await res.body.text();
    console.log(`← ${res.statusCode} ${answer}`);
    const accepted = built.accepted ?? ((status: number) => status >= 200 && status < 300);
    return accepted(res.statusCode, answer) ? 0 : 1;
  } catch (err) {
    console.error(`no answer from ${values.to}: ${(err as Error).message}`);
    return 1;
  }
}

const [command, ...rest] = process.argv.slice(2);
const run = command === 'sandbox' ? sandbox : command === 'trigger' ? trigger : undefined;
if (!run) {
  console.error(USAGE);
  process.exit(command === undefined || command === '--help' ? 0 : 2);
}
process.exitCode = await run(rest);
