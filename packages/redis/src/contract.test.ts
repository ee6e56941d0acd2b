/**
 * The store contract suite of @paywire/core/testing, run against redisStore on one server and on a 3-node cluster.
 * Expiry cases use 400 ms TTLs (the default 150 ms is tight for a real server on a loaded machine).
 */
import { describeStoreContract } from '@paywire/core/testing';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import {
  startRedisCluster,
  startRedisServer,
  type RedisClusterHandle,
  type RedisServer,
} from './__test-support__/redis-server.js';
import { redisStore } from './index.js';

describe('redisStore on one server', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server?.stop());
  describeStoreContract(
    'redisStore (one server)',
    () => redisStore({ url: server.url }),
    { describe, it, afterEach },
    { ttlMs: 400 },
  );
});

describe('redisStore on a 3-node Redis Cluster', () => {
  let cluster: RedisClusterHandle;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(() => cluster?.stop());
  describeStoreContract(
    'redisStore (cluster)',
    () => redisStore({ cluster: cluster.nodes }),
    { describe, it, afterEach },
    { ttlMs: 400 },
  );
});
