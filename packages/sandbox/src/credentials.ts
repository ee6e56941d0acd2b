import { sandboxModules } from './providers/index.js';
import type { SandboxProvider } from './providers/types.js';

type Modules = { readonly [name: string]: SandboxProvider };

function credentialsOf<M extends Modules>(modules: M): { readonly [K in keyof M]: M[K]['credentials'] } {
  return Object.fromEntries(Object.entries(modules).map(([name, m]) => [name, m.credentials])) as {
    readonly [K in keyof M]: M[K]['credentials'];
  };
}

function urlsOf<M extends Modules>(
  modules: M,
  baseUrl: string,
): { -readonly [K in keyof M]: ReturnType<M[K]['urls']> } {
  return Object.fromEntries(Object.entries(modules).map(([name, m]) => [name, m.urls(baseUrl)])) as {
    -readonly [K in keyof M]: ReturnType<M[K]['urls']>;
  };
}

/**
 * The sandbox's fixed test credentials. They are public on purpose: use them only with the sandbox.
 * The example apps default to them. Each provider's are in its sandbox module (`providers/<name>.ts`).
 */
export const sandboxCredentials = credentialsOf(sandboxModules);

/** Base URLs of each emulated provider below the sandbox's own base URL. */
export function providerUrls(baseUrl: string) {
  return urlsOf(sandboxModules, baseUrl);
}
