import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from './index.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** Writes `request` as is on a fresh socket and resolves with everything the server sent until it closed. */
function raw(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

/** The sandbox still answers: the dashboard's JSON API is up. */
const alive = async (s: Sandbox) => (await fetch(`${s.url}/api/payments`)).status;

describe('sandbox server: malformed requests are 400s, never a crash', () => {
  it('answers 400 BAD_REQUEST for a malformed percent-escape in a path parameter', async () => {
    sandbox = await createSandbox({ port: 0 });
    // a raw request keeps the path exactly as `curl --path-as-is` sends it
    const reply = await raw(sandbox.url, 'GET /etpay/session/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply).toContain('"code":"BAD_REQUEST"');
    expect(reply).toMatch(/"message":"malformed percent-escape[^"]*%zz/);
    expect(await alive(sandbox)).toBe(200);
  });

  it('answers 400 for %zz through fetch too, on a POST route', async () => {
    sandbox = await createSandbox({ port: 0 });
    const res = await fetch(`${sandbox.url}/waylet/app/payments/%zz/pay`, { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('BAD_REQUEST');
    expect(await alive(sandbox)).toBe(200);
  });

  it('answers 400 for an absolute-form request target that is not a URL', async () => {
    sandbox = await createSandbox({ port: 0 });
    const reply = await raw(sandbox.url, 'GET http://[::1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply).toContain('"code":"BAD_REQUEST"');
    expect(await alive(sandbox)).toBe(200);
  });

  it('still answers 404 for an unknown route and 405 for a wrong method', async () => {
    sandbox = await createSandbox({ port: 0 });
    expect((await fetch(`${sandbox.url}/nope`)).status).toBe(404);
    expect((await fetch(`${sandbox.url}/api/payments`, { method: 'DELETE' })).status).toBe(405);
  });
});
