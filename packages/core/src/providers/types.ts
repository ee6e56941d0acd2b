import type { z } from 'zod';
import type { PaymentEvent, ProviderName } from '../events.js';
import type { Clock } from '../lib/clock.js';
import type { HttpClient } from '../lib/http.js';
import type { PaywireLogger } from '../lib/logger.js';
import type { ProviderLedger } from '../stores/ledger.js';
import type { SecretRedactor } from '../lib/redact.js';
import type { PaywireStore } from '../stores/types.js';

/** What every provider's client and webhook receive from the paywire instance. Internal. */
export interface ProviderContext {
  readonly provider: ProviderName;
  readonly http: HttpClient;
  readonly store: PaywireStore;
  /** The payment ledger, bound to this provider: clients record the payments they start. */
  readonly ledger: ProviderLedger;
  readonly clock: Clock;
  /** Already redacting. */
  readonly logger: PaywireLogger;
  /**
   * Masks every configured secret (also URL-, form- and JSON-encoded) and sensitive field in a value;
   * `redact.addRuntime(token)` registers a credential obtained at run time the moment it is seen.
   */
  readonly redact: SecretRedactor;
  /**
   * Dispatches events that a synchronous API answer proved (e.g. a Paykassma activation credited now), through
   * the same dedupe and handlers as webhooks, so a later callback for the same payment is a duplicate.
   */
  emit(events: readonly PaymentEvent[]): Promise<void>;
}

/** A webhook delivery after the provider-independent pipeline has read it. Internal. */
export interface WebhookInput {
  /** The body as text: the exact bytes received, or a re-serialization when only a parsed body was available. */
  readonly text: string;
  /** True when `text` is a re-serialization of an already-parsed body (exact bytes were not available). */
  readonly reserialized: boolean;
  /** `JSON.parse(text)` (every supported provider posts JSON). */
  readonly json: unknown;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: URLSearchParams;
  /** The rest of the URL path after the provider's mount point, e.g. `/s3cret` (empty when none). */
  readonly path: string;
  readonly remoteAddress: string | undefined;
}

/** An event the provider understood but that maps to no normalized type (surfaced to `onUnknownEvent`). */
export interface UnknownProviderEvent {
  provider: ProviderName;
  type: string;
  raw: unknown;
}

/** What a provider's webhook verifier + parser returns. */
export interface ParsedDelivery {
  /** Normalized events (a Paykassma postback may carry several). */
  events: PaymentEvent[];
  /** Verified events with no normalized mapping: acknowledged, and surfaced to the `onUnknownEvent` hook. */
  unknown?: UnknownProviderEvent[];
  /** Which of the provider's rotated secrets verified the delivery (0 = the first); set by providers that rotate. */
  secretIndex?: number;
  /**
   * True when each event's provider-side ids and amount must agree with its payment's ledger record (Waylet signs
   * its ids concatenated, so a re-split callback could point at another order). The pipeline checks it on the
   * ledger read it applies the event with; a disagreement is refused with `ERR_PAYMENT_MISMATCH` (401).
   */
  bindsLedger?: boolean;
}

/** The HTTP answer to a webhook delivery. */
export interface WebhookReplyBase {
  status: number;
  headers: Record<string, string>;
  body: string;
  /**
   * Which of the provider's configured secrets verified this delivery (0 = the first), for providers whose secret
   * may be a list (rotation). When no delivery has shown an index above 0 for a while, drop the old secrets.
   */
  secretIndex?: number;
}

/** A provider's webhook side. */
export interface ProviderWebhook {
  /**
   * Authenticates, verifies, parses and normalizes one delivery.
   * @throws PaywireError — `ERR_SIGNATURE_INVALID`, `ERR_WEBHOOK_UNAUTHORIZED`, `ERR_PAYLOAD_INVALID`, …
   */
  receive(input: WebhookInput): ParsedDelivery | Promise<ParsedDelivery>;
  /** The exact success acknowledgement the provider expects (also used for duplicates). */
  acknowledge(delivery: ParsedDelivery): WebhookReplyBase;
}

/** A provider's part of the testing kit: one namespace of builders, every one with the same verb `delivery(…)`. */
export interface ProviderTesting {
  /** Builds what the provider would send (`{ body, headers }`, plus `query`/`url` where the provider uses them). */
  readonly delivery: (...args: never[]) => unknown;
}

/**
 * Everything paywire needs to know about one provider. A provider folder exports one of these and the
 * registry lists it. `Name` is any string here (not `ProviderName`): the names are derived from the registry,
 * so constraining a definition by them would be circular.
 */
export interface ProviderDefinition<
  Name extends string,
  Schema extends z.ZodType,
  Client,
  Testing extends ProviderTesting = ProviderTesting,
> {
  readonly name: Name;
  /** Validates and defaults the provider's options (`ERR_CONFIG_INVALID` names the failing field). */
  readonly configSchema: Schema;
  /** The option values to redact from every log line and error. */
  secrets(config: z.output<Schema>): string[];
  createClient(config: z.output<Schema>, ctx: ProviderContext): Client;
  /** Built at `createPaywire` time; may throw `ERR_CONFIG_INVALID` (e.g. an unguarded Paylican endpoint). */
  createWebhook(config: z.output<Schema>, ctx: ProviderContext): ProviderWebhook;
  /**
   * The provider's part of the testing kit (`testing.<name>` of `@paywire/core/testing`): builders of correctly
   * signed deliveries, at least `delivery(…)`. Lives in the provider's `testing.ts`.
   */
  readonly testing: Testing;
}

/** Identity helper that keeps a provider definition's generic types. */
export function defineProvider<Name extends string, Schema extends z.ZodType, Client, Testing extends ProviderTesting>(
  definition: ProviderDefinition<Name, Schema, Client, Testing>,
): ProviderDefinition<Name, Schema, Client, Testing> {
  return definition;
}
