import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { createPaywire } from '@paywire/core';
import { Agent, request } from 'undici';
import { listen } from '../fixtures/listen.js';
import { WAYLET_SECRET, wayletProvider } from '../fixtures/waylet.js';
import type { ClientRow } from '../lib/row.js';

const START_PATH = '/api/integrations/openwaylet/v1/payments/start';
const CALLBACK_URL = 'https://shop.example/webhooks/waylet';
const ANSWER = '{"_id":"5f0c0ffee0ddf00d00c0ffee"}';

/**
 * F: `waylet.startPayment` against a local server (it reads the body and answers 201 with an id). The
 * alternative is what an app writes by hand with undici: the same keep-alive pool settings as paywire's own
 * (`keepAliveTimeout` 10 s, 32 connections), the same signed JSON body, `undici.request`, the JSON answer read.
 */
export const row: ClientRow = {
  id: 'F',
  kind: 'client',
  ours: '`waylet.startPayment` against a local server',
  against: 'raw `undici.request`, same pool and body',
  target: { text: '≥ 0.9', min: 0.9 },
  serve: () =>
    listen(
      createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.writeHead(req.url === START_PATH ? 201 : 404, { 'content-type': 'application/json' });
          res.end(ANSWER);
        });
      }),
    ),
  async setup(origin) {
    const paywire = createPaywire({
      providers: { waylet: { ...wayletProvider, baseUrl: `${origin}/api`, callbackUrl: CALLBACK_URL } },
    });
    const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 32 });
    const { apiKey, commerceId } = wayletProvider;
    return {
      ours: {
        op: (i) => paywire.waylet.startPayment({ customer: 'ana@example.com', amount: 300, paymentId: `order-${i}` }),
        close: () => paywire.close(),
      },
      alternative: {
        async op(i) {
          const paymentId = `order-${i}`;
          const fields = { customer: 'ana@example.com', amount: 300, commerceId, callbackUrl: CALLBACK_URL, paymentId };
          const signature = createHmac('sha512', WAYLET_SECRET)
            .update(`${fields.customer}${fields.amount}${commerceId}${paymentId}${CALLBACK_URL}`)
            .digest('hex');
          const res = await request(`${origin}${START_PATH}`, {
            method: 'POST',
            headers: { accept: 'application/json', 'content-type': 'application/json', 'x-openwaylet-apikey': apiKey },
            body: JSON.stringify({ ...fields, signature }),
            dispatcher,
          });
          const answer = (await res.body.json()) as { _id: string };
          if (res.statusCode !== 201) throw new Error(`HTTP ${res.statusCode}`);
          return answer._id;
        },
        close: () => dispatcher.close(),
      },
    };
  },
};
