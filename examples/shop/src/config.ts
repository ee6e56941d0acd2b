import { PROVIDER_NAMES, type PaywireOptions } from '@paywire/core';
import { sandboxProviders } from '@paywire/sandbox';
import { shopProviders } from './providers/index.js';

/** Environment variables, as `process.env` holds them. */
export type Env = Record<string, string | undefined>;

/**
 * Provider options from environment variables, each defaulting to the local sandbox's test credentials
 * (`SANDBOX_URL`, default http://127.0.0.1:4010). `PROVIDERS` (comma-separated) limits which are enabled.
 */
export function providersFromEnv(env: Env = process.env): PaywireOptions['providers'] {
  const sandbox = sandboxProviders(env.SANDBOX_URL ?? 'http://127.0.0.1:4010');
  const enabled = new Set((env.PROVIDERS ?? PROVIDER_NAMES.join(',')).split(',').map((s) => s.trim()));
  return Object.fromEntries(
    PROVIDER_NAMES.filter((name) => enabled.has(name)).map((name) => [name, shopProviders[name].options(env, sandbox)]),
  );
}

/** A shop's configuration, read once from the environment (see the examples' READMEs). */
export interface ShopConfig {
  port: number;
  /** @default '127.0.0.1' */
  host: string;
  /** Public base URL of the shop, used in the URLs handed to providers. @default `http://<host>:<port>` */
  publicUrl: string;
  /**
   * The Waylet customer app (the sandbox's app page), linked from a pending Waylet order.
   * @default `<SANDBOX_URL>/waylet/app`
   */
  wayletAppUrl: string;
  /** paywire provider options, each value defaulting to the sandbox's test credentials. */
  providers: PaywireOptions['providers'];
}

/**
 * Reads a shop's configuration from the environment: `PORT` (default `defaultPort`), `HOST`, `PUBLIC_URL`,
 * `WAYLET_APP_URL`, `SANDBOX_URL` and the provider variables of {@link providersFromEnv}.
 * @throws TypeError when `PORT` is not a port number.
 */
export function shopConfigFromEnv(env: Env, defaultPort: number): ShopConfig {
  const port = Number(env.PORT ?? defaultPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError('PORT must be a port number (0-65535)');
  const host = env.HOST ?? '127.0.0.1';
  const sandboxUrl = env.SANDBOX_URL ?? 'http://127.0.0.1:4010';
  return {
    port,
    host,
    publicUrl: (env.PUBLIC_URL ?? `http://${host}:${port}`).replace(/\/+$/, ''),
    wayletAppUrl: env.WAYLET_APP_URL ?? `${sandboxUrl}/waylet/app`,
    providers: providersFromEnv(env),
  };
}
