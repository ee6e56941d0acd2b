/** The `paywire doctor` hook: only a verified delivery with the marker and doctor payment ids skips dispatch. */
import { describe, expect, it } from 'vitest';
import { createPaywire } from '../index.js';
import { testing } from '../testing/index.js';
import { DOCTOR_HEADER } from './doctor.js';

const secret = 'doctor-test-secret';
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function setup() {
  const paywire = createPaywire({
    providers: { waylet: { baseUrl: 'http://127.0.0.1:9', apiKey: 'k', commerceId: 'c', secret } },
    logger: silent,
  });
  const seen: string[] = [];
  paywire.on('*', (e) => void seen.push(e.paymentId ?? ''));
  return { paywire, seen };
}

describe('doctor test deliveries', () => {
  it('a signed, marked delivery for a paywire-doctor-… payment answers what the endpoint saw and runs no handler', async () => {
    const { paywire, seen } = setup();
    const d = testing.waylet.callback({ status: 'PAID', paymentId: 'paywire-doctor-1' }, { secret });
    const reply = await paywire.webhooks.handle({
      provider: 'waylet',
      body: JSON.parse(d.body),
      headers: { ...d.headers, [DOCTOR_HEADER]: '1', 'x-forwarded-for': '203.0.113.7' },
      remoteAddress: '10.0.0.2',
    });
    expect(reply.status).toBe(200);
    expect(reply.headers[DOCTOR_HEADER]).toBe('ok');
    expect(JSON.parse(reply.body).paywireDoctor).toMatchObject({
      provider: 'waylet',
      verified: true,
      rawBody: false,
      remoteAddress: '10.0.0.2',
      forwardedFor: '203.0.113.7',
    });
    expect(seen).toEqual([]);
  });

  it('the marker without a valid signature is refused like any forgery', async () => {
    const { paywire, seen } = setup();
    const d = testing.waylet.callback({ status: 'PAID', paymentId: 'paywire-doctor-2' }, { secret: 'wrong' });
    const reply = await paywire.webhooks.handle({
      provider: 'waylet',
      rawBody: d.body,
      headers: { ...d.headers, [DOCTOR_HEADER]: '1' },
    });
    expect([reply.status, reply.error?.code, seen]).toEqual([401, 'ERR_SIGNATURE_INVALID', []]);
  });

  it('the marker on a real payment id changes nothing: the handlers run', async () => {
    const { paywire, seen } = setup();
    const d = testing.waylet.callback({ status: 'PAID', paymentId: 'order-7' }, { secret });
    const reply = await paywire.webhooks.handle({
      provider: 'waylet',
      rawBody: d.body,
      headers: { ...d.headers, [DOCTOR_HEADER]: '1' },
    });
    expect([reply.status, reply.body, seen]).toEqual([200, '{}', ['order-7']]);
  });
});
