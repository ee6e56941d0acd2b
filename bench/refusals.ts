/**
 * What refusing a hostile webhook body costs (issue 13, "cheap refusals"): CPU milliseconds per refused 1 MiB
 * body, by provider and by shape, through `paywire.webhooks.handle`. Not part of `pnpm test` (no timing
 * asserts). Usage: tsx --conditions=@paywire/source bench/refusals.ts [--iterations 30]
 */
import { createPaywire, memoryStore, type WebhookRequest } from '@paywire/core';
import { testing } from '@paywire/core/testing';

const iterations = Number(process.argv[process.argv.indexOf('--iterations') + 1]) || 30;
const MiB = 1024 * 1024;
const pad = (n: number) => 'x'.repeat(n);
const token = 'bench-paylican-guard-token-0123';
const store = memoryStore();
const paywire = createPaywire({
  providers: {
    waylet: { baseUrl: 'http://127.0.0.1:9/api', apiKey: 'bench-key', commerceId: 'c', secret: 'bench-waylet-secret' },
    paylican: {
      keycloakUrl: 'http://127.0.0.1:9',
      paymentUrl: 'http://127.0.0.1:9',
      username: 'u',
      password: 'p',
      webhookAuth: { token },
    },
    etpay: {
      apiUrl: 'http://127.0.0.1:9',
      pmtUrl: 'http://127.0.0.1:9',
      merchantCode: 'm',
      merchantApiToken: 'bench-etpay-token',
    },
  },
  store,
  logger: { debug() {}, info() {}, warn() {}, error() {} },
});

async function cases(): Promise<[string, WebhookRequest][]> {
  const session = await testing.etpay.storeSession(store, testing.etpay.session());
  const bigJwt = await testing.etpay.notification({ ...session, claims: { filler: pad(700 * 1024) } });
  const w = testing.waylet.callback({ paymentId: 'p' }, { secret: 'bench-waylet-secret' }).json;
  const p = testing.paylican.webhook({}, { token });
  return [
    [
      'waylet: 1 MiB paymentId, wrong signature',
      { provider: 'waylet', rawBody: JSON.stringify({ ...w, paymentId: pad(MiB - 400) }) },
    ],
    [
      'waylet: valid callback + 1 MiB unknown member (a duplicate)',
      { provider: 'waylet', rawBody: JSON.stringify({ ...w, filler: pad(MiB - 400) }) },
    ],
    [
      'waylet: 1 MiB of 64-deep arrays',
      {
        provider: 'waylet',
        rawBody: `[${Array.from({ length: Math.floor(MiB / 140) }, () => `${'['.repeat(63)}${']'.repeat(63)}`).join(',')}]`,
      },
    ],
    [
      'paylican: 1 MiB body, no guard token',
      { provider: 'paylican', rawBody: JSON.stringify({ ...p.json, filler: pad(MiB - 1000) }) },
    ],
    [
      'paylican: 1 MiB body, right token, bad shape',
      { provider: 'paylican', rawBody: JSON.stringify({ filler: pad(MiB - 100) }), query: p.query },
    ],
    [
      'etpay: 0.9 MiB JWT signed with another key',
      {
        provider: 'etpay',
        rawBody: (
          await testing.etpay.notification({
            ...session,
            signatureToken: 'another-key',
            claims: { filler: pad(700 * 1024) },
          })
        ).body,
      },
    ],
    ['etpay: 0.9 MiB JWT, right key', { provider: 'etpay', rawBody: bigJwt.body }],
    ['etpay: 1 MiB body, no JWT', { provider: 'etpay', rawBody: JSON.stringify({ filler: pad(MiB - 100) }) }],
  ];
}

for (const [name, req] of await cases()) {
  await paywire.webhooks.handle(req); // warm up
  const cpu = process.cpuUsage();
  const t = performance.now();
  let status = 0;
  for (let i = 0; i < iterations; i++) status = (await paywire.webhooks.handle(req)).status;
  const used = process.cpuUsage(cpu);
  const ms = (used.user + used.system) / 1000 / iterations;
  console.log(
    `${name.padEnd(62)} → ${status}  ${ms.toFixed(2).padStart(7)} ms CPU  ${((performance.now() - t) / iterations).toFixed(2).padStart(7)} ms wall`,
  );
}
