import { shopConfigFromEnv as readShopConfig, type Env, type ShopConfig } from '@paywire/example-shop';

export type { Env, ShopConfig };

/** Injection token of the {@link ShopConfig}. */
export const SHOP_CONFIG = Symbol('SHOP_CONFIG');

/**
 * Reads the shop's configuration from environment variables (see the README's table); every provider setting
 * defaults to the local sandbox's test credentials. The NestJS shop listens on 3001 by default, beside the
 * Express example's 3000.
 *
 * @example
 * ```ts
 * const config = shopConfigFromEnv({ SANDBOX_URL: 'http://127.0.0.1:4010', PORT: '3001' })
 * ```
 * @throws TypeError when `PORT` is not a port number.
 */
export function shopConfigFromEnv(env: Env = process.env): ShopConfig {
  return readShopConfig(env, 3001);
}
