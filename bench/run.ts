/**
 * `pnpm bench`: Waylet callback verify + parse throughput, as a ratio to a bare baseline
 * (node:crypto HMAC-SHA512 + timingSafeEqual + JSON.parse) measured in the same run, and memoryStore per-event
 * cost at its dedup bound against under it.
 * Not part of `pnpm test`. Usage: pnpm bench [--seconds 2]
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createPaywire, memoryStore } from '@paywire/core';
import { testing } from '@paywire/core/testing';
import { verifyCallback } from '@paywire/core/waylet';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 2;
const secret = 'bench-secret-0123456789';
const N = 4096;
const deliveries = Array.from({ length: N }, (_, i) => testing.waylet.callback({ status: 'PAID', paymentId: `order-${i}`, amount: 100 + i }, { secret }).body);

function measure(name: string, fn: (body: string) => unknown): number {
  for (let i = 0; i < 20_000; i++) fn(deliveries[i % N] as string); // warm up
  let ops = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) fn(deliveries[ops++ % N] as string);
  }
  const perSec = ops / seconds;
  console.log(`${name.padEnd(44)} ${Math.round(perSec).toLocaleString('en-US').padStart(12)} ops/s`);
  return perSec;
}

function baseline(body: string): unknown {
  const json = JSON.parse(body) as Record<string, string | number>;
  const expected = createHmac('sha512', secret).update(`${json.paymentId}${json.wayletPaymentId}${json.status}${json.amount}`).digest();
  const received = Buffer.from(String(json.signature), 'hex');
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) throw new Error('bad signature');
  return json;
}

async function measureAsync(name: string, fn: (body: string) => Promise<unknown>): Promise<number> {
  let ops = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 200; i++) await fn(deliveries[ops++ % N] as string);
  }
  const perSec = ops / seconds;
  console.log(`${name.padEnd(44)} ${Math.round(perSec).toLocaleString('en-US').padStart(12)} ops/s`);
  return perSec;
}

console.log(`node ${process.version}, ${seconds}s per case\n`);
const base = measure('baseline (hmac + timingSafeEqual + JSON.parse)', baseline);
const verify = measure('verifyCallback (zod + raw amount + hmac)', (body) => verifyCallback(body, { secret }));
const paywire = createPaywire({ providers: { waylet: { baseUrl: 'http://127.0.0.1:9', apiKey: 'bench-key', commerceId: 'c', secret } }, webhooks: { dedupTtlMs: 1 } });
paywire.on('payment.paid', () => {});
const full = await measureAsync('webhooks.handle (verify→dedupe→ledger→dispatch)', (body) => paywire.webhooks.handle({ provider: 'waylet', rawBody: body }));
console.log(`\nverifyCallback / baseline = ${(verify / base).toFixed(2)}`);
console.log(`webhooks.handle / baseline = ${(full / base).toFixed(2)}`);
await paywire.close();

/** memoryStore per-event cost (claim + complete of a new key), under its dedup bound and at it (evicting every write). */
async function storeCost(name: string, bound: number, prefill: number): Promise<number> {
  const store = memoryStore({ maxDedupEntries: bound });
  for (let i = 0; i < prefill; i++) await store.complete(`pre-${i}`, 3_600_000);
  const events = 200_000;
  const started = performance.now();
  for (let i = 0; i < events; i++) {
    await store.claim(`e-${i}`, 60_000, 'o');
    await store.complete(`e-${i}`, 3_600_000);
  }
  const us = ((performance.now() - started) * 1000) / events;
  console.log(`${name.padEnd(44)} ${us.toFixed(2).padStart(12)} µs/event`);
  return us;
}
console.log('');
const under = await storeCost("memoryStore under its bound (1,000,000)", 1_000_000, 0);
const atBound = await storeCost('memoryStore at its bound (full, evicting)', 100_000, 100_000);
console.log(`\nmemoryStore at bound / under bound = ${(atBound / under).toFixed(2)} (issue #12 asks ≤ 2)`);
