/**
 * Where `paywire doctor` reads the app's configuration: a config file, the environment, or the sandbox's test
 * credentials.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sandboxCredentials as creds } from '../credentials.js';
import type { DoctorProviders } from './types.js';

/**
 * The providers the environment configures, under the names the example apps read: `WAYLET_SECRET`;
 * `PAYLICAN_WEBHOOK_TOKEN` (+ `PAYLICAN_WEBHOOK_TOKEN_IN` `query|path`); `PAYKASSMA_POSTBACK_ACCESS_KEY` and
 * `PAYKASSMA_POSTBACK_PRIVATE_KEY`; `ETPAY_MERCHANT_CODE`. `PROVIDERS=waylet,etpay` keeps only those.
 *
 * @example
 * ```ts
 * import { doctorProvidersFromEnv } from '@paywire/sandbox';
 * const providers = doctorProvidersFromEnv(process.env);
 * ```
 * @throws never
 */
export function doctorProvidersFromEnv(env: Record<string, string | undefined>): DoctorProviders {
  const only = env.PROVIDERS ? new Set(env.PROVIDERS.split(',').map((s) => s.trim())) : undefined;
  const on = (name: string) => !only || only.has(name);
  const out: DoctorProviders = {};
  if (on('waylet') && env.WAYLET_SECRET) out.waylet = { secret: env.WAYLET_SECRET };
  if (on('paylican') && env.PAYLICAN_WEBHOOK_TOKEN) {
    out.paylican = {
      webhookAuth: {
        token: env.PAYLICAN_WEBHOOK_TOKEN,
        tokenIn: env.PAYLICAN_WEBHOOK_TOKEN_IN === 'path' ? 'path' : 'query',
      },
    };
  }
  if (on('paykassma') && env.PAYKASSMA_POSTBACK_ACCESS_KEY && env.PAYKASSMA_POSTBACK_PRIVATE_KEY) {
    out.paykassma = {
      postbackAccessKey: env.PAYKASSMA_POSTBACK_ACCESS_KEY,
      postbackPrivateKey: env.PAYKASSMA_POSTBACK_PRIVATE_KEY,
    };
  }
  if (on('etpay') && env.ETPAY_MERCHANT_CODE) out.etpay = {};
  return out;
}

/** The sandbox's public test credentials for all four providers (what the example apps use by default). */
export const sandboxDoctorProviders: DoctorProviders = {
  waylet: { secret: creds.waylet.secret },
  paylican: { webhookAuth: { token: creds.paylican.webhookToken } },
  paykassma: {
    postbackAccessKey: creds.paykassma.postbackAccessKey,
    postbackPrivateKey: creds.paykassma.postbackPrivateKey,
  },
  etpay: {},
};

/**
 * Reads a config file: JSON, or a module (`.js`/`.mjs`/`.cjs`) whose default export (or module) is the
 * `createPaywire` options or just `{ providers }`.
 * @throws Error when the file cannot be read or has no `providers` object.
 */
export async function loadDoctorConfig(file: string): Promise<DoctorProviders> {
  const path = resolve(file);
  const loaded: unknown = path.endsWith('.json')
    ? JSON.parse(await readFile(path, 'utf8'))
    : await import(pathToFileURL(path).href);
  const mod = loaded as { default?: unknown; providers?: unknown };
  const options = (mod.providers === undefined && mod.default !== undefined ? mod.default : mod) as {
    providers?: unknown;
  };
  if (!options || typeof options.providers !== 'object' || options.providers === null)
    throw new Error(`${file}: expected an object with "providers" (the createPaywire options)`);
  return options.providers;
}
