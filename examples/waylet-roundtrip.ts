/**
 * A Waylet round trip on one machine, no credentials needed:
 *   1. a local fake Waylet API (127.0.0.1, random port) that checks the API key and every signature,
 *   2. a merchant webhook endpoint (plain node:http + paywire.webhooks.handle),
 *   3. startPayment → the fake API "pays" and posts a signed callback → the handler prints the event.
 * Then it replays the same callback (answered as a duplicate) and a forged one (answered 401).
 * Exits 0 when every step behaved, 1 otherwise. Run: pnpm demo
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPaywire, type PaymentEvent } from '@paywire/core';
import { testing } from '@paywire/core/testing';
import { signStartPayment } from '@paywire/core/waylet';

const creds = { apiKey: 'demo-api-key', commerceId: 'demo-commerce', secret: 'demo-secret-please-change' };

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};
const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
const step = (text: string) => console.log(`\n▶ ${text}`);

/** What paywire posts to `…/v1/payments/start` (the fields this fake reads). */
type StartPaymentBody = Omit<Parameters<typeof signStartPayment>[0], 'commerceId' | 'amount'> & {
  amount: number;
  signature?: string;
};

// 1. The fake Waylet API: verifies like the real one, then posts the callback a moment later.
const callbacks: Promise<Response>[] = [];
const fakeWaylet = createServer(async (req, res) => {
  const body = JSON.parse((await readBody(req)).toString('utf8')) as StartPaymentBody;
  const expected = signStartPayment({ ...body, commerceId: creds.commerceId }, { secret: creds.secret });
  if (req.headers['x-openwaylet-apikey'] !== creds.apiKey || body.signature !== expected) {
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"invalid credentials or signature"}');
    return;
  }
  const wayletPaymentId = `wl-${Date.now().toString(16)}`;
  res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ _id: wayletPaymentId }));
  const callback = testing.waylet.callback(
    { paymentId: body.paymentId, wayletPaymentId, status: 'PAID', amount: body.amount },
    { secret: creds.secret },
  );
  callbacks.push(fetch(body.callbackUrl, { method: 'POST', headers: callback.headers, body: callback.body }));
});

// 2. The merchant: paywire plus a minimal webhook endpoint.
const apiUrl = await listen(fakeWaylet);
const merchant = createServer(async (req, res) => {
  const reply = await paywire.webhooks.handle({
    provider: 'waylet',
    rawBody: await readBody(req),
    headers: req.headers,
    remoteAddress: req.socket.remoteAddress,
  });
  res.writeHead(reply.status, reply.headers).end(reply.body);
});
const merchantUrl = await listen(merchant);
const paywire = createPaywire({
  providers: { waylet: { baseUrl: `${apiUrl}/api`, ...creds, callbackUrl: `${merchantUrl}/webhooks/waylet` } },
});

const received: PaymentEvent[] = [];
const paid = new Promise<PaymentEvent>((resolve) => {
  paywire.on('payment.paid', (event) => {
    received.push(event);
    console.log(
      `  handler got ${event.type}: order ${event.paymentId}, ${event.amount?.value} ${event.amount?.unit} units of ${event.amount?.currency} (id ${event.id})`,
    );
    resolve(event);
  });
});

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`  ${ok ? '✓' : '✗'} ${what}`);
  if (!ok) failures.push(what);
};

try {
  step(`startPayment against the fake Waylet API at ${apiUrl}`);
  const { wayletPaymentId } = await paywire.waylet.startPayment({
    customer: 'ana@example.com',
    amount: 300,
    paymentId: 'order-1001',
  });
  check(wayletPaymentId.startsWith('wl-'), `Waylet answered 201 with payment ${wayletPaymentId}`);

  step('waiting for the signed callback');
  const event = await Promise.race([
    paid,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no callback within 5 s')), 5000)),
  ]);
  const answer = await callbacks[0];
  check(answer?.status === 200 && (await answer.text()) === '{}', 'merchant acknowledged with 200 {}');
  check(
    event.paymentId === 'order-1001' && event.amount?.value === '300',
    'event carries the order and the exact amount',
  );

  step('replaying the same callback (Waylet signs no timestamp; dedup is the replay defence)');
  const replay = testing.waylet.callback(
    { paymentId: 'order-1001', wayletPaymentId, status: 'PAID', amount: 300 },
    { secret: creds.secret },
  );
  const again = await fetch(`${merchantUrl}/webhooks/waylet`, {
    method: 'POST',
    headers: replay.headers,
    body: replay.body,
  });
  check(
    again.status === 200 && received.length === 1,
    `replay answered ${again.status}, handler ran ${received.length} time(s)`,
  );

  step('a forged callback (signed with the wrong secret)');
  const forged = testing.waylet.callback(
    { paymentId: 'order-1002', status: 'PAID', amount: 1 },
    { secret: 'not-the-secret' },
  );
  const refused = await fetch(`${merchantUrl}/webhooks/waylet`, {
    method: 'POST',
    headers: forged.headers,
    body: forged.body,
  });
  check(refused.status === 401, `forged callback answered ${refused.status} ${(await refused.text()).slice(0, 80)}`);
} catch (err) {
  failures.push(String(err));
  console.error(`  ✗ ${String(err)}`);
} finally {
  await paywire.close();
  fakeWaylet.close();
  merchant.close();
}

console.log(
  failures.length === 0
    ? '\nWaylet round trip: all steps passed.'
    : `\nWaylet round trip FAILED: ${failures.join('; ')}`,
);
process.exit(failures.length === 0 ? 0 : 1);
