import { describe, expect, it } from 'vitest';
import { useMockAgent } from '../../__test-support__/index.js';
import { createPaywire, type PaymentEvent } from '../../index.js';
import { testing } from '../../testing/index.js';
import { signStartPayment, verifyCallback } from './index.js';

const [current, old] = ['waylet-new-secret-2026', 'waylet-old-secret-2025'];
const base = {
  baseUrl: 'http://waylet.test/api',
  apiKey: 'waylet-api-key-rot',
  commerceId: 'c-rot',
  callbackUrl: 'https://shop.test/cb',
};
const mock = useMockAgent();

function setup(secret: string | string[]) {
  const lines: string[] = [];
  const log = (level: string) => (message: string, meta?: Record<string, unknown>) =>
    void lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
  const paywire = createPaywire({
    providers: { waylet: { ...base, secret } },
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    http: { dispatcher: mock.agent, retries: 0 },
  });
  const seen: PaymentEvent[] = [];
  paywire.on('*', (e) => void seen.push(e));
  return { paywire, seen, lines };
}

describe('waylet secret rotation', () => {
  it('accepts callbacks signed with any listed secret; the reply and the log say which index, never the value', async () => {
    const { paywire, seen, lines } = setup([current, old]);
    const byNew = testing.waylet.callback({ paymentId: 'r-1' }, { secret: current });
    const byOld = testing.waylet.callback({ paymentId: 'r-2' }, { secret: old });
    const a = await paywire.webhooks.handle({ provider: 'waylet', rawBody: byNew.body });
    const b = await paywire.webhooks.handle({ provider: 'waylet', rawBody: byOld.body });
    expect([a.status, a.secretIndex, b.status, b.secretIndex]).toEqual([200, 0, 200, 1]);
    expect(seen.map((e) => e.paymentId)).toEqual(['r-1', 'r-2']);
    expect(lines.some((l) => l.startsWith('info') && l.includes('secret #1'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(new RegExp(`${current}|${old}`));
    const stranger = testing.waylet.callback({ paymentId: 'r-3' }, { secret: 'some-other-secret' });
    expect((await paywire.webhooks.handle({ provider: 'waylet', rawBody: stranger.body })).status).toBe(401);
    expect(verifyCallback(byOld.body, { secret: [current, old] }).secretIndex).toBe(1);
  });

  it('signs outgoing requests with the first secret only', async () => {
    const { paywire } = setup([current, old]);
    let sent: Record<string, unknown> | undefined;
    mock.agent
      .get('http://waylet.test')
      .intercept({ path: '/api/integrations/openwaylet/v1/payments/start', method: 'POST' })
      .reply(201, (opts) => {
        sent = JSON.parse(opts.body as string) as Record<string, unknown>;
        return { _id: 'w-1' };
      });
    await paywire.waylet.startPayment({ customer: 'ana@example.com', amount: 300, paymentId: 'p-1' });
    expect(sent?.['signature']).toBe(
      signStartPayment(
        {
          customer: 'ana@example.com',
          amount: 300,
          commerceId: 'c-rot',
          paymentId: 'p-1',
          callbackUrl: 'https://shop.test/cb',
        },
        { secret: current },
      ),
    );
  });

  it('refuses an empty list or a padded entry at createPaywire, naming the field', () => {
    expect(() => setup([])).toThrowError(
      expect.objectContaining({
        code: 'ERR_CONFIG_INVALID',
        field: expect.stringMatching(/^providers\.waylet\.secret/),
      }),
    );
    expect(() => setup([current, ' padded '])).toThrowError(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }));
  });
});

describe('waylet failure text is unsigned', () => {
  it('keeps errorCode/errorDescription on event.failure marked verified: false; changing them keeps the signature valid', async () => {
    const { paywire, seen } = setup(current);
    const d = testing.waylet.callback(
      { status: 'REFUSED', paymentId: 'f-1', errorCode: 'E1', errorDescription: 'no funds' },
      { secret: current },
    );
    const tampered = JSON.stringify({ ...d.json, errorCode: 'E999', errorDescription: 'call +34 600 000 000' });
    expect((await paywire.webhooks.handle({ provider: 'waylet', rawBody: tampered })).status).toBe(200);
    expect(seen[0]?.failure).toEqual({ code: 'E999', message: 'call +34 600 000 000', verified: false });
  });
});
