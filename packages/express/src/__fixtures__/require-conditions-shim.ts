/**
 * Test-only workaround, a no-op when not needed. The root vitest config passes `ssr.resolve.conditions`
 * (which include `import`) to the test workers as `node --conditions`, so `require('is-promise')` inside
 * Express 5's `router` resolves the package's ESM entry and gets `{ default: fn }` instead of `fn`
 * ("isPromise is not a function" on every request). Fix at the root: drop `import` from
 * `ssr.resolve.conditions` in vitest.config.ts; then this file can go.
 */
import { createRequire, Module } from 'node:module';

const fromHere = createRequire(import.meta.url);
const fromRouter = createRequire(createRequire(fromHere.resolve('express')).resolve('router'));
const entry = fromRouter.resolve('is-promise');
if (entry.endsWith('.mjs')) {
  const cjs = createRequire(entry)('./index.js') as unknown;
  const shim = new Module(entry);
  shim.exports = cjs;
  shim.loaded = true;
  fromHere.cache[entry] = shim;
}
