import { describe, expect, it } from 'vitest';
import { createPaywire, isPaywireError, type PaymentEvent, type WebhookRequest } from '../../index.js';
import { testing } from '../../testing/index.js';
import { GUARD_TOKEN, paylicanOptions, recordingLogger, silentLogger } from './__fixtures__/paylican-api.js';
import type { PaylicanWebhookAuthOptions } from './index.js';

function setup(webhookAuth: PaylicanWebhookAuthOptions) {
  const paywire = createPaywire({ providers: { paylican: paylicanOptions({ webhookAuth }) }, logger: silentLogger });
  const seen: PaymentEvent[] = [];
  paywire.on('*', (e) => void seen.push(e));
  const body = testing.paylican.webhook({ status: 'PAID' }).body;
  const deliver = (request: Omit<WebhookRequest, 'provider' | 'rawBody'>) =>
    paywire.webhooks.handle({ provider: 'paylican', rawBody: body, ...request });
  return { seen, deliver };
}

const codeOf = (reply: { body: string }) => (JSON.parse(reply.body) as { error?: { code: string } }).error?.code;

describe('paylican webhook guard: token', () => {
  it('query token: missing or wrong → 401 and no handler; right → 200', async () => {
    const { seen, deliver } = setup({ token: GUARD_TOKEN });
    for (const query of [
      undefined,
      { token: 'x'.repeat(GUARD_TOKEN.length) },
      { token: `${GUARD_TOKEN}x` },
      `token=${GUARD_TOKEN}&token=${GUARD_TOKEN}`,
      { other: GUARD_TOKEN },
    ]) {
      const reply = await deliver({ query });
      expect(reply.status, JSON.stringify(query)).toBe(401);
      expect(codeOf(reply)).toBe('ERR_WEBHOOK_UNAUTHORIZED');
      expect(reply.outcome).toBe('rejected');
    }
    expect(seen).toHaveLength(0);
    expect((await deliver({ query: { token: GUARD_TOKEN } })).status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it('checks the guard before the body: an unauthenticated junk body gets 401, not 400', async () => {
    const { deliver } = setup({ token: GUARD_TOKEN });
    const paywire = createPaywire({ providers: { paylican: paylicanOptions() }, logger: silentLogger });
    const reply = await paywire.webhooks.handle({ provider: 'paylican', rawBody: '{"hello":"world"}' });
    expect(reply.status).toBe(401);
    expect((await deliver({ query: `token=${GUARD_TOKEN}` })).status).toBe(200);
  });

  it('custom query parameter and path token', async () => {
    const q = setup({ token: GUARD_TOKEN, queryParam: 'k' });
    expect((await q.deliver({ query: { token: GUARD_TOKEN } })).status).toBe(401);
    expect((await q.deliver({ query: { k: GUARD_TOKEN } })).status).toBe(200);

    const p = setup({ token: GUARD_TOKEN, tokenIn: 'path' });
    expect((await p.deliver({ query: { token: GUARD_TOKEN } })).status).toBe(401);
    expect((await p.deliver({ path: '/wrong-token-value-000000' })).status).toBe(401);
    expect((await p.deliver({ path: `/${GUARD_TOKEN}/extra` })).status).toBe(401);
    expect((await p.deliver({ path: `/${GUARD_TOKEN}` })).status).toBe(200);
    const d = testing.paylican.webhook({}, { token: GUARD_TOKEN, tokenIn: 'path' });
    expect(d.path).toBe(`/${GUARD_TOKEN}`);
    expect(p.seen).toHaveLength(1);
  });
});

describe('paylican webhook guard: basic and IP allow-list', () => {
  it('HTTP Basic credentials', async () => {
    const basic = { username: 'paylican', password: 'basic-pass-123456' };
    const { seen, deliver } = setup({ basic });
    const encode = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
    expect((await deliver({})).status).toBe(401);
    expect((await deliver({ headers: { Authorization: encode('paylican:wrong') } })).status).toBe(401);
    expect((await deliver({ headers: { Authorization: encode('other:basic-pass-123456') } })).status).toBe(401);
    expect(seen).toHaveLength(0);
    const d = testing.paylican.webhook({}, { basic });
    expect((await deliver({ headers: { Authorization: encode('paylican:basic-pass-123456') } })).status).toBe(200);
    expect((await deliver({ headers: d.headers })).status).toBe(200);
  });

  it('without trustProxy: the TCP peer decides and X-Forwarded-For is ignored', async () => {
    const { seen, deliver } = setup({ allowIps: ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7'] });
    for (const remoteAddress of ['203.0.113.9', '::ffff:203.0.113.9', '2001:db8::1', '198.51.100.7']) {
      expect((await deliver({ remoteAddress })).status, remoteAddress).toBe(200);
    }
    for (const remoteAddress of ['198.51.100.8', '10.0.0.1', '::1', undefined]) {
      const reply = await deliver({ remoteAddress, headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(reply.status, String(remoteAddress)).toBe(403);
      expect(codeOf(reply)).toBe('ERR_WEBHOOK_FORBIDDEN');
    }
    expect(seen).toHaveLength(1); // the same delivery four times: processed once, then duplicates
  });

  it('with trustProxy: true the leftmost X-Forwarded-For entry decides; with 1 hop the one the proxy saw', async () => {
    const all = setup({ allowIps: ['203.0.113.0/24'], trustProxy: true });
    expect(
      (await all.deliver({ remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': '203.0.113.9, 10.0.0.1' } }))
        .status,
    ).toBe(200);
    expect(
      (await all.deliver({ remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': '192.0.2.1, 203.0.113.9' } }))
        .status,
    ).toBe(403);

    const oneHop = setup({ allowIps: ['203.0.113.0/24'], trustProxy: 1 });
    // a client spoofing X-Forwarded-For: the proxy appends the real peer, which is what counts
    expect(
      (await oneHop.deliver({ remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': '203.0.113.9, 192.0.2.1' } }))
        .status,
    ).toBe(403);
    expect(
      (await oneHop.deliver({ remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': '192.0.2.1, 203.0.113.9' } }))
        .status,
    ).toBe(200);
    expect((await oneHop.deliver({ remoteAddress: '203.0.113.5' })).status).toBe(200);
  });

  it('combined guards must all pass (token + allowIps)', async () => {
    const { deliver } = setup({ token: GUARD_TOKEN, allowIps: ['127.0.0.1'] });
    expect((await deliver({ remoteAddress: '127.0.0.1' })).status).toBe(401);
    expect((await deliver({ remoteAddress: '127.0.0.2', query: { token: GUARD_TOKEN } })).status).toBe(403);
    expect((await deliver({ remoteAddress: '127.0.0.1', query: { token: GUARD_TOKEN } })).status).toBe(200);
  });
});

describe('paylican webhook guard: configuration', () => {
  it('refuses to start without a guard (ERR_CONFIG_INVALID naming webhookAuth)', () => {
    const { webhookAuth: _, ...noAuth } = paylicanOptions();
    const cases: Record<string, unknown>[] = [
      noAuth,
      { ...noAuth, webhookAuth: {} },
      { ...noAuth, webhookAuth: { token: 'short' } },
      { ...noAuth, webhookAuth: { allowIps: ['not-an-ip'] } },
    ];
    for (const options of cases) {
      let error: unknown;
      try {
        createPaywire({ providers: { paylican: options as never }, logger: silentLogger });
      } catch (err) {
        error = err;
      }
      expect(isPaywireError(error, 'ERR_CONFIG_INVALID'), JSON.stringify(options.webhookAuth)).toBe(true);
      expect((error as Error).message).toContain('providers.paylican.webhookAuth');
    }
  });

  it('insecureNoAuth: warns through the logger at creation and accepts unauthenticated deliveries', async () => {
    const logger = recordingLogger();
    const paywire = createPaywire({
      providers: { paylican: paylicanOptions({ webhookAuth: { insecureNoAuth: true } }) },
      logger,
    });
    const warnings = logger.lines.filter((l) => l.startsWith('warn ') && l.includes('insecureNoAuth'));
    expect(warnings).toHaveLength(1);
    const reply = await paywire.webhooks.handle({ provider: 'paylican', rawBody: testing.paylican.webhook().body });
    expect(reply.status).toBe(200);
    const guarded = recordingLogger();
    createPaywire({ providers: { paylican: paylicanOptions() }, logger: guarded });
    expect(guarded.lines.filter((l) => l.startsWith('warn '))).toHaveLength(0);
  });
});
