import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { leaveWebhookBodiesUnparsed } from './unparsed-webhook-bodies.js';

describe('leaveWebhookBodiesUnparsed', () => {
  /** An app whose last middleware reports what the parsers left: the parsed body, or the bytes still unread. */
  function app() {
    const server = express();
    server.use(express.json({ limit: '10b' }), express.urlencoded(), express.text());
    server.use((req, res) => {
      const unread = req.readable && !req.readableEnded;
      res.json({ body: (req as { body?: unknown }).body ?? null, unread });
    });
    return server;
  }

  it('makes the JSON and urlencoded parsers pass the webhook URLs on unread, keeping their names and places', async () => {
    const server = app();
    const isWebhook = (url: string) => url.startsWith('/webhooks/');
    expect(leaveWebhookBodiesUnparsed(server, isWebhook)).toBe(2);
    const names = (server as unknown as { router: { stack: { handle: { name: string } }[] } }).router.stack.map(
      (l) => l.handle.name,
    );
    expect(names).toContain('jsonParser');
    expect(names).toContain('urlencodedParser');
    // a webhook: unread, even past the JSON parser's limit
    const hook = await request(server)
      .post('/webhooks/waylet')
      .set('content-type', 'application/json')
      .send('{"a":12345}');
    expect(hook.body).toEqual({ body: null, unread: true });
    const form = await request(server).post('/webhooks/waylet').type('form').send('a=1');
    expect(form.body).toEqual({ body: null, unread: true });
    // every other URL: parsed as before, with the parser's limit
    const own = await request(server).post('/orders').set('content-type', 'application/json').send('{"a":1}');
    expect(own.body).toEqual({ body: { a: 1 }, unread: false });
    const large = await request(server).post('/orders').set('content-type', 'application/json').send('{"a":12345}');
    expect(large.status).toBe(413);
    // parsers it does not know (here text) are left alone
    const text = await request(server).post('/webhooks/waylet').set('content-type', 'text/plain').send('hi');
    expect(text.body).toEqual({ body: 'hi', unread: false });
  });

  it('leaves an app without a router, or without those parsers, alone', () => {
    expect(leaveWebhookBodiesUnparsed({}, () => true)).toBe(0);
    expect(leaveWebhookBodiesUnparsed(null, () => true)).toBe(0);
    const server = express();
    server.use(express.text());
    expect(leaveWebhookBodiesUnparsed(server, () => true)).toBe(0);
  });
});
