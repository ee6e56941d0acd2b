import { describe, expect, it } from 'vitest';
import { createPaywire, type PaymentEvent } from '../../index.js';
import { testing } from '../../testing/index.js';
import { silentLogger } from '../../__test-support__/index.js';

const keys = { accessKey: 'pk_access_hard', privateKey: 'pk_private_hard' };
const base = {
  apiUrl: 'http://127.0.0.1:9',
  pluginUrl: 'https://plugin.example-server.test',
  apiSecret: 'plugin-api-secret-123',
  postbackAccessKey: keys.accessKey,
  postbackPrivateKey: keys.privateKey,
};

function setup(options: Record<string, unknown> = {}) {
  const paywire = createPaywire({ providers: { paykassma: { ...base, ...options } }, logger: silentLogger });
  const seen: PaymentEvent[] = [];
  paywire.on('*', (e) => {
    seen.push(e);
  });
  const post = (rawBody: string) => paywire.webhooks.handle({ provider: 'paykassma', rawBody });
  return { paywire, seen, post };
}

describe('paykassma hardening (issue 13)', () => {
  it('refuses another spelling of a signed numeric id (-0, 0.0, 1e0, 0e5) instead of treating it as a new event', async () => {
    const { seen, post } = setup();
    const legacy = testing.paykassma.postback({ transactions: [{ transaction_id: 0, custom_id: null }] }, keys);
    const flat = testing.paykassma.delivery({ transaction_id: 0 }, keys);
    expect((await post(legacy.body)).status).toBe(200);
    expect((await post(flat.body)).status).toBe(200);
    for (const alias of ['-0', '0.0', '1e0', '0e5', '-0.0']) {
      for (const [name, d] of [
        ['legacy', legacy],
        ['flat', flat],
      ] as const) {
        const replay = d.body.replace('"transaction_id":0,', `"transaction_id":${alias},`);
        expect(replay, `${name} ${alias}`).not.toBe(d.body);
        const reply = await post(replay);
        expect([reply.status, reply.outcome], `${name} ${alias}`).toEqual([expect.any(Number), 'rejected']);
        expect(reply.status, `${name} ${alias}`).toBeGreaterThanOrEqual(400);
        expect(reply.status, `${name} ${alias}`).toBeLessThan(500);
      }
    }
    expect(seen.map((e) => e.id)).toEqual(['paykassma:tx:0']); // the flat one was a duplicate of the legacy one
  });

  it('refuses a custom_id written as a number in another spelling (88.0 for 88)', async () => {
    const { seen, post } = setup();
    const d = testing.paykassma.postback({ transactions: [{ custom_id: 88 }] }, keys);
    expect((await post(d.body)).status).toBe(200);
    const reply = await post(d.body.replace('"custom_id":88}', '"custom_id":88.0}'));
    expect([reply.status, reply.error?.code]).toEqual([400, 'ERR_PAYLOAD_INVALID']);
    expect(seen).toHaveLength(1);
  });

  it('never hands a handler an amount other than the signed decimal (1500 signed, 1499.99999999999999 or 1500.0 sent)', async () => {
    for (const build of [
      () => testing.paykassma.postback({ transactions: [{ amount: 1500, custom_id: 'dep-amt' }] }, keys),
      () => testing.paykassma.delivery({ amount: 1500, custom_transaction_id: 'dep-amt' }, keys),
    ]) {
      const { seen, post } = setup();
      const d = build();
      for (const forged of ['1499.99999999999999', '1500.0', '15e2', '1500.000000000000001']) {
        const reply = await post(d.body.replace('"amount":1500', `"amount":${forged}`));
        expect([reply.status, reply.error?.code], forged).toEqual([400, 'ERR_PAYLOAD_INVALID']);
      }
      expect(seen).toHaveLength(0);
      expect((await post(d.body)).status).toBe(200);
      expect(seen.map((e) => e.amount?.value)).toEqual(['1500']);
    }
  });

  it('refuses a postback whose two signed transactions share a custom_id, rather than dropping one', async () => {
    const { seen, post } = setup();
    const d = testing.paykassma.postback(
      {
        transactions: [
          { custom_id: 'dep-same', amount: 100 },
          { custom_id: 'dep-same', amount: 900 },
        ],
      },
      keys,
    );
    const reply = await post(d.body);
    expect([reply.status, reply.error?.code]).toEqual([422, 'ERR_PAYLOAD_INVALID']);
    expect(reply.error?.message).toContain('dep-same');
    expect(seen).toHaveLength(0);
  });

  it('refuses a 1 MiB body carrying the right access_key before any hashing (413), and too many transactions', async () => {
    const { seen, post } = setup();
    const d = testing.paykassma.postback(
      { transactions: [{ custom_id: 'dep-big' }], extra: { pad: 'x'.repeat(1024 * 1024 - 400) } },
      keys,
    );
    expect(d.body.length).toBeGreaterThan(1000 * 1000);
    const big = await post(d.body);
    expect([big.status, big.error?.code]).toEqual([413, 'ERR_BODY_TOO_LARGE']);
    expect(big.error?.message).toContain('maxPostbackBytes');
    const many = testing.paykassma.postback(
      { transactions: Array.from({ length: 101 }, (_, i) => ({ custom_id: `dep-${i}`, transaction_id: String(i) })) },
      keys,
    );
    const refused = await post(many.body);
    expect([refused.status, refused.error?.message]).toEqual([413, expect.stringContaining('maxTransactions')]);
    expect(seen).toHaveLength(0);
    // both limits are options
    const roomy = setup({ maxPostbackBytes: 2 * 1024 * 1024, maxTransactions: 200 });
    expect((await roomy.post(many.body)).status).toBe(200);
    expect(roomy.seen).toHaveLength(101);
  });

  it('refuses a malformed signature (not 40 hex digits) as 401 without hashing', async () => {
    const { post } = setup();
    const d = testing.paykassma.delivery({}, keys);
    const sig = (JSON.parse(d.body) as { signature: string }).signature;
    for (const bad of [`${sig}00`, sig.slice(1), `${sig.slice(1)}z`]) {
      expect((await post(d.body.replace(sig, bad))).status).toBe(401);
    }
  });

  it('a repeated signature member yields the same event (PHP keeps one); a foreign access_key is refused', async () => {
    const { post, seen } = setup();
    const d = testing.paykassma.delivery({ custom_transaction_id: 'dep-dup' }, keys);
    const sig = (JSON.parse(d.body) as { signature: string }).signature;
    expect((await post(d.body)).outcome).toBe('processed');
    expect((await post(d.body.replace('{', `{"signature":"${sig}",`))).outcome).toBe('duplicate');
    expect(seen).toHaveLength(1);
    expect((await post(d.body.replace('{', '{"access_key":"someone-else",'))).status).toBe(401);
  });
});
