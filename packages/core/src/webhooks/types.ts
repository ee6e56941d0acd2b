import type { PaymentEvent } from '../events.js';
import type { UnknownProviderEvent, WebhookReplyBase } from '../providers/types.js';

/** A webhook delivery as an HTTP framework received it. */
export interface WebhookRequest {
  /** Provider name, usually the last path segment of the webhook URL. Unknown or unconfigured → 404. */
  provider: string;
  /**
   * The exact body bytes. Prefer this: it is what the provider signed.
   * Strings are taken as already-decoded text; bytes must be UTF-8.
   */
  rawBody?: string | Uint8Array;
  /**
   * The already-parsed body, when a body parser consumed the bytes first. paywire re-serializes it; every
   * supported provider still verifies, except where a signed number was written with a fraction (see README).
   */
  body?: unknown;
  /** Request headers (any case). */
  headers?: Record<string, string | string[] | undefined>;
  /** Query string, parsed (`req.query`) or raw (`URLSearchParams` or `a=b&c=d`). */
  query?: Record<string, unknown> | URLSearchParams | string;
  /** Path after the provider segment, e.g. `/my-secret-token` (Paylican path tokens). */
  path?: string;
  /** Peer address of the TCP connection (for IP allow-lists). */
  remoteAddress?: string;
}

/** How a delivery ended. */
export type WebhookOutcome =
  /** Verified and every new event's handlers succeeded. */
  | 'processed'
  /** Verified; every event in it had been processed before. Acknowledged so the provider stops. */
  | 'duplicate'
  /** Verified, but another delivery of the same event is being processed now (409, retry later). */
  | 'in_progress'
  /** Refused before any handler ran (bad signature, bad payload, unknown provider…). */
  | 'rejected'
  /** A handler failed (500): the provider retries and the retry processes it. */
  | 'handler_failed'
  /**
   * paywire itself could not process the delivery (a failing store, a bug): 500 with code `ERR_INTERNAL` (or the
   * store's own 5xx code), logged with its redacted stack; the provider redelivers. Never a stack in the body.
   */
  | 'error';

/** The answer paywire wants written back to the provider. */
export interface WebhookReply extends WebhookReplyBase {
  outcome: WebhookOutcome;
  /** The verified events of this delivery (empty when rejected). */
  events: PaymentEvent[];
  /** The verified events that had no normalized mapping. */
  unknown: UnknownProviderEvent[];
  /** The error behind a non-2xx answer, for adapters' logs (never includes secrets). */
  error?: { code: string; message: string };
}

/** Webhook pipeline options of {@link createPaywire}. */
export interface WebhookOptions {
  /** Largest accepted body. @default 1048576 (1 MiB) */
  maxBodyBytes?: number;
  /** How long one delivery may hold an event's processing lease. @default 120000 */
  leaseMs?: number;
  /** How long a processed event is remembered for deduplication. @default 604800000 (7 days) */
  dedupTtlMs?: number;
  /** `Retry-After` seconds sent with a 409 (event being processed). @default 5 */
  retryAfterSeconds?: number;
  /** Called for verified provider events with no normalized mapping; its failure answers 500. */
  onUnknownEvent?: (event: UnknownProviderEvent) => unknown;
}
