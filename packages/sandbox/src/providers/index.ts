import type { ProviderName } from '@paywire/core';
import { etpaySandbox } from './etpay.js';
import { paykassmaSandbox } from './paykassma.js';
import { paylicanSandbox } from './paylican.js';
import type { SandboxProvider } from './types.js';
import { wayletSandbox } from './waylet.js';

/**
 * Every provider of the sandbox, under its registry name, in the order of `PROVIDER_NAMES`. The `satisfies` makes
 * a registry provider without a sandbox module (or a module for a name the registry does not know) a compile error.
 * Server, credentials, triggers, dashboard and CLI iterate over this.
 */
export const sandboxModules = {
  waylet: wayletSandbox,
  paylican: paylicanSandbox,
  paykassma: paykassmaSandbox,
  etpay: etpaySandbox,
} as const satisfies { readonly [K in ProviderName]: SandboxProvider };

/** The sandbox modules' type. */
export type SandboxModules = typeof sandboxModules;

/** The sandbox modules as `[name, module]` pairs, in order. */
export const sandboxEntries = Object.entries(sandboxModules) as [ProviderName, SandboxProvider][];
