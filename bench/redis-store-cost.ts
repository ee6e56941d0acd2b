/**
 * What one delivery costs the Redis store, measured: commands (= round trips), bytes on the wire, keys and
 * memory per key kind. Starts its own redis-server on a free port on 127.0.0.1 (no persistence), drives
 * `paywire.webhooks.handle` in-process (no HTTP), reads `INFO commandstats` / `INFO stats` / `MEMORY USAGE`.
 * Not part of `pnpm test`. Usage (docs/scaling.md quotes its output):
 *   npx tsx --conditions=@paywire/source bench/redis-store-cost.ts [--n 1000]
 */
import { createPaywire, memoryStore, type PaywireStore, type ProviderName } from '@paywire/core';
import { testing } from '@paywire/core/testing';
import { redisStore } from '@paywire/redis';
import { sandboxCredentials, sandboxProviders } from '@paywire/sandbox';
import { Redis } from 'ioredis';
import { startRedisServer } from '../packages/redis/src/__test-support__/redis-server.js';

const n = Number(process.argv[process.argv.indexOf('--n') + 1]) || 1000;
const c = sandboxCredentials;
const server = await startRedisServer();
const store = redisStore({ url: server.url });
const admin = new Redis(server.url);
const paywire = createPaywire({
  providers: sandboxProviders('http://127.0.0.1:9'),
  store,
  logger: { debug() {}, info() {}, warn() {}, error() {} },
});
paywire.on('*', () => {});

type Req = Parameters<typeof paywire.webhooks.handle>[0];
let seq = 0;
async function delivery(provider: ProviderName): Promise<Req> {
  const id = `${Date.now().toString(36)}${(seq++).toString(36).padStart(6, '0')}`;
  switch (provider) {
    case 'waylet':
      return {
        provider,
        rawBody: testing.waylet.callback(
          { status: 'PAID', paymentId: `order-${id}`, amount: 15990 },
          { secret: c.waylet.secret },
        ).body,
      };
    case 'paylican': {
      const d = testing.paylican.webhook(
        { status: 'PAID', merchantReference: `ref-${id}` },
        { token: c.paylican.webhookToken },
      );
      return { provider, rawBody: d.body, query: d.query ?? {}, path: d.path ?? '' };
    }
    case 'paykassma':
      return {
        provider,
        rawBody: testing.paykassma.postback(
          { transactions: [{ amount: '500.50', custom_id: `dep-${id}` }] },
          { accessKey: c.paykassma.postbackAccessKey, privateKey: c.paykassma.postbackPrivateKey },
        ).body,
      };
    case 'etpay': {
      const session = await testing.etpay.storeSession(store, testing.etpay.session());
      return { provider, rawBody: (await testing.etpay.notification({ ...session, paymentStatus: 'success' })).body };
    }
  }
}

async function netBytes(): Promise<{ inBytes: number; outBytes: number }> {
  const info = await admin.info('stats');
  const num = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1]);
  return { inBytes: num('total_net_input_bytes'), outBytes: num('total_net_output_bytes') };
}

/**
 * Sends `requests` one after another. With `watch`, under MONITOR: round trips = commands the app sent
 * (MONITOR's source is not `lua`); the commands each script ran inside Redis are listed apart. Without it, the
 * bytes (INFO stats; MONITOR's own stream would count otherwise).
 */
async function cost(requests: Req[], watch: boolean) {
  const monitor = watch ? await admin.monitor() : undefined;
  const sent = new Map<string, number>();
  const inLua = new Map<string, number>();
  monitor?.on('monitor', (_time: string, args: string[], source: string) => {
    const counts = source === 'lua' ? inLua : sent;
    const name = String(args[0]).toLowerCase();
    counts.set(name, (counts.get(name) ?? 0) + 1);
  });
  await new Promise((r) => setTimeout(r, 50));
  const before = await netBytes();
  for (const req of requests) {
    const reply = await paywire.webhooks.handle(req);
    if (reply.status >= 300) throw new Error(`${req.provider}: ${reply.status} ${reply.body}`);
  }
  const after = await netBytes();
  await new Promise((r) => setTimeout(r, 100));
  monitor?.disconnect();
  sent.delete('info');
  const per = (m: Map<string, number>) =>
    [...m]
      .filter(([, calls]) => calls >= requests.length / 100)
      .map(([name, calls]) => `${name} ${+(calls / requests.length).toFixed(2)}`)
      .join(', ') || '–';
  const total = [...sent.values()].reduce((a, b) => a + b, 0) / requests.length;
  return {
    sent: `${+total.toFixed(2)} (${per(sent)})`,
    inLua: per(inLua),
    inBytes: (after.inBytes - before.inBytes) / requests.length,
    outBytes: (after.outBytes - before.outBytes) / requests.length,
  };
}

async function commandsOfOneDelivery(req: Req): Promise<string[]> {
  const monitor = await admin.monitor();
  const seen: string[] = [];
  monitor.on('monitor', (_time: string, args: string[], source: string) =>
    seen.push(
      `${source === 'lua' ? '    (in the script) ' : ''}${args.map((a) => (a.length > 48 ? `${a.slice(0, 45)}…` : a)).join(' ')}`,
    ),
  );
  await new Promise((r) => setTimeout(r, 50));
  await paywire.webhooks.handle(req);
  await new Promise((r) => setTimeout(r, 50));
  monitor.disconnect();
  return seen;
}

async function memoryByKind(): Promise<Record<string, { keys: number; avgBytes: number }>> {
  const kinds: Record<string, { keys: number; avgBytes: number }> = {};
  for (const [kind, pattern] of [
    ['done markers (e:)', 'paywire:e:*'],
    ['ledger records (p:)', 'paywire:p:*'],
    ['values (v:)', 'paywire:v:*'],
  ] as const) {
    const keys = await admin.keys(pattern);
    const sample = keys.slice(0, 500);
    const sizes = await Promise.all(sample.map((k: string) => admin.memory('USAGE', k, 'SAMPLES', '0')));
    kinds[kind] = {
      keys: keys.length,
      avgBytes: sizes.reduce((a: number, b: unknown) => a + Number(b), 0) / Math.max(1, sample.length),
    };
  }
  return kinds;
}

console.log(
  `redis-server ${(await admin.info('server')).match(/redis_version:(\S+)/)?.[1]}, ${n} deliveries per provider, sequential, in-process\n`,
);
console.log(
  '| provider | round trips per new event | run inside its scripts | bytes to / from Redis | round trips per duplicate | bytes to / from Redis |',
);
console.log('|---|---|---|---|---|---|');
const memBefore = Number((await admin.info('memory')).match(/used_memory:(\d+)/)?.[1]);
for (const provider of ['waylet', 'paylican', 'paykassma', 'etpay'] as const) {
  const requests: Req[] = [];
  for (let i = 0; i < n; i++) requests.push(await delivery(provider));
  const half = requests.splice(0, n / 2);
  const fresh = await cost(half, true);
  const freshBytes = await cost(requests, false);
  const dup = await cost(half, true);
  const dupBytes = await cost(requests, false);
  const bytes = (b: { inBytes: number; outBytes: number }) => `${Math.round(b.inBytes)} / ${Math.round(b.outBytes)}`;
  console.log(
    `| ${provider} | ${fresh.sent} | ${fresh.inLua} | ${bytes(freshBytes)} | ${dup.sent} | ${bytes(dupBytes)} |`,
  );
}
const memAfter = Number((await admin.info('memory')).match(/used_memory:(\d+)/)?.[1]);
console.log(
  `\nused_memory grew by ${memAfter - memBefore} bytes for ${4 * n} payments (${Math.round((memAfter - memBefore) / (4 * n))} bytes per payment, all kinds of keys and Redis's own overhead)`,
);
console.log('\nMEMORY USAGE by key kind (average of up to 500 keys):');
for (const [kind, m] of Object.entries(await memoryByKind()))
  console.log(`  ${kind.padEnd(22)} ${String(m.keys).padStart(6)} keys, ${m.avgBytes.toFixed(0)} bytes each`);
console.log('\nwebhooks.handle latency, new Waylet events, one at a time, in-process (no HTTP):');
for (const [name, latencyStore] of [
  ['memoryStore()', memoryStore()],
  ['redisStore()', store],
] as [string, PaywireStore][]) {
  const pw = createPaywire({
    providers: sandboxProviders('http://127.0.0.1:9'),
    store: latencyStore,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  pw.on('*', () => {});
  const requests: Req[] = [];
  for (let i = 0; i < n; i++) requests.push(await delivery('waylet'));
  for (let i = 0; i < n / 10; i++) await pw.webhooks.handle(await delivery('waylet')); // warm up
  const times: number[] = [];
  const started = performance.now();
  for (const req of requests) {
    const t = performance.now();
    await pw.webhooks.handle(req);
    times.push(performance.now() - t);
  }
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3);
  console.log(`  ${name.padEnd(14)} p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, ${Math.round(n / seconds)} events/s`);
  if (latencyStore !== store) await pw.close();
}
console.log('\nMONITOR of one new Waylet delivery:');
for (const line of await commandsOfOneDelivery(await delivery('waylet'))) console.log(`  ${line}`);
await paywire.close();
await store.close();
admin.disconnect();
await server.stop();
