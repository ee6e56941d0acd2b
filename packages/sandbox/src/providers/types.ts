import { createHash } from 'node:crypto';
import type { FlagSpec } from '../cli/args.js';
import type { Emulator, MerchantProfile } from '../context.js';
import type { SandboxPayment } from '../state.js';
import type { TriggerBuilder, TriggerFlags } from '../triggers.js';

/** A `paywire sandbox` flag that sets part of the merchant profile. */
export interface SandboxFlag extends FlagSpec {
  /**
   * The merchant profile settings the flag's value makes.
   * @throws Error with a message for a person when the value is not valid (the CLI answers it as bad usage)
   */
  merchant(value: string): Partial<MerchantProfile>;
}

/**
 * Everything the sandbox knows about one provider, in the provider's own module: its emulator, its public test
 * credentials, where its emulated APIs live, its `paywire trigger` builder and flags, and its `paywire sandbox` flags.
 * `providers/index.ts` lists one per registry provider (a missing one does not compile).
 */
export interface SandboxProvider<Credentials extends object = object, Urls extends object = object, Options = unknown> {
  /** The provider's display name, e.g. `ETpay`. */
  readonly title: string;
  /** Registers the emulator's routes. */
  readonly emulator: Emulator;
  /** The sandbox's fixed, public test credentials for this provider. */
  readonly credentials: Credentials;
  /** The provider's API base URLs below the sandbox's base URL. */
  urls(baseUrl: string): Urls;
  /** paywire's options for this provider against a sandbox at `baseUrl`: `createPaywire({ providers: { p: … } })`. */
  options(baseUrl: string): Options;
  /** The merchant profile's defaults for this provider (where its callbacks go). */
  readonly merchant?: Partial<MerchantProfile>;
  /** The `paywire sandbox` flags that set this provider's merchant profile. */
  readonly sandboxFlags?: readonly SandboxFlag[];
  /** Builds one signed callback for `paywire trigger`. */
  readonly trigger: TriggerBuilder;
  /** The provider's `paywire trigger` flags, each with its unit and default. */
  readonly triggerFlags: readonly FlagSpec[];
  /**
   * Checks and completes the parsed trigger flags before {@link SandboxProvider.trigger} runs, e.g. derives stable
   * ids so the same trigger twice is a retry of one event, not two events.
   * @throws Error with a message for a person for a bad flag value (the CLI answers it as bad usage)
   */
  prepareTrigger?(outcome: string, flags: TriggerFlags): void;
  /** The page the customer of a payment sees at the provider, when there is one (linked from the dashboard). */
  customerPage?(payment: SandboxPayment): { href: string; label: string } | undefined;
}

/** Identity helper that keeps a sandbox provider's literal types (its credentials, URLs and options). */
export function defineSandboxProvider<Credentials extends object, Urls extends object, Options>(
  provider: SandboxProvider<Credentials, Urls, Options>,
): SandboxProvider<Credentials, Urls, Options> {
  return provider;
}

/** A stable id from its parts (sha-256, hex): the same trigger twice derives the same ids, so it is a retry. */
export const derive = (...parts: string[]): string => createHash('sha256').update(parts.join('\0')).digest('hex');
