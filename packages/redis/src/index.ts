/**
 * `@paywire/redis`: a paywire store on Redis (one server or a Redis Cluster), so several app instances share
 * delivery deduplication, the payment ledger and ETpay sessions.
 *
 * @example
 * ```ts
 * import { redisStore } from '@paywire/redis'
 * const store = redisStore({ url: 'redis://127.0.0.1:6379' }, { keyPrefix: 'shop:' })
 * ```
 * @module
 */
export { redisStore, type RedisStore, type RedisStoreOptions, type RedisConnection } from './store.js';
export type { RedisClient } from './connection.js';
