// `node --import` this file (through NODE_OPTIONS, so the CLI's child process gets it too): a project without
// @paywire/postgres installed. Its resolution fails the way Node reports a missing package.
import { register } from 'node:module';

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === '@paywire/postgres' || specifier.includes('/packages/postgres/')) {
    const error = new Error("Cannot find package '@paywire/postgres' imported from " + context.parentURL);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
