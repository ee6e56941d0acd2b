import { createServer } from 'node:http';
import { createPaywire, memoryStore } from '@paywire/core';
import { testing } from '@paywire/core/testing';
import { paymentWebhooks } from '@paywire/express';
import express from 'express';
import { decodeJwt, jwtVerify } from 'jose';
import { listen } from '../fixtures/listen.js';
import type { HttpServerRow } from '../lib/row.js';

type Session = ReturnType<typeof testing.etpay.session>;

const etpayProvider = {
  apiUrl: 'http://127.0.0.1:9',
  pmtUrl: 'http://127.0.0.1:9',
  merchantCode: 'bench-merchant',
  merchantApiToken: 'bench-api-token-0123456789',
};

/**
 * C: an ETpay notification (`{"payment":"<JWT>"}`, HS256 with the session's key) through Express. One session
 * per payment, all stored before the run; dedup TTL 1 ms as in row A.
 */
export const row: HttpServerRow = {
  id: 'C',
  kind: 'http',
  ours: 'Express ETpay JWT notification',
  against: 'bare route calling `jose.jwtVerify`',
  target: { text: '≥ 0.9', min: 0.9 },
  async fixtures({ quick }) {
    const sessions = Array.from({ length: quick ? 4096 : 16_384 }, () => testing.etpay.session());
    const bodies = await Promise.all(
      sessions.map(async (s) => (await testing.etpay.notification({ ...s, paymentStatus: 'success' })).body),
    );
    return { path: '/webhooks/etpay', contentType: 'application/json', bodies, extra: sessions };
  },
  async serveOurs(fixtures) {
    const store = memoryStore();
    for (const session of fixtures.extra as Session[]) await testing.etpay.storeSession(store, session);
    const paywire = createPaywire({ providers: { etpay: etpayProvider }, store, webhooks: { dedupTtlMs: 1 } });
    const app = express();
    app.use('/webhooks', paymentWebhooks({ paywire, on: { 'payment.paid': () => {} } }));
    return listen(createServer(app));
  },
  async serveAlternative(fixtures) {
    // What an app writes by hand: find the session's key by the unverified session_token, then verify.
    const keys = new Map(
      (fixtures.extra as Session[]).map((s) => [s.sessionToken, new TextEncoder().encode(s.signatureToken)]),
    );
    const app = express();
    app.post('/webhooks/etpay', express.json(), async (req, res) => {
      try {
        const jwt = String((req.body as { payment?: unknown }).payment);
        const key = keys.get(String(decodeJwt(jwt).session_token));
        if (!key) throw new Error('unknown session');
        await jwtVerify(jwt, key, { algorithms: ['HS256', 'HS384', 'HS512'] });
        res.status(200).type('text/plain').send('ok');
      } catch {
        res.status(401).end();
      }
    });
    return listen(createServer(app));
  },
};
