import type { PaywireErrorCode } from '../errors.js';
import type { PaymentEvent } from '../events.js';
import type { UnknownProviderEvent, WebhookReplyBase } from '../providers/types.js';
import type { PaymentRecord } from '../stores/types.js';

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
   * Verified, but the payment's ledger record says it cannot move there (backwards, or a terminal state
   * repeated): acknowledged like a success, recorded as stale, passed to `webhooks.onStaleEvent`; no handler ran.
   */
  | 'stale'
  /**
   * A handler ran past `webhooks.handlerTimeoutMs` (500): it keeps running and holding its lease (redeliveries
   * answer 409) and its result is recorded when it settles.
   */
  | 'handler_timeout'
  /** The store could not be reached (503 + Retry-After); nothing was marked done. */
  | 'store_unavailable'
  /**
   * paywire itself could not process the delivery (a bug): 500 with code `ERR_INTERNAL`, logged with its redacted
   * stack; the provider redelivers. Never a stack in the body.
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
  error?: { code: PaywireErrorCode; message: string };
}

/** Webhook pipeline options of {@link createPaywire}. */
export interface WebhookOptions {
  /** Largest accepted body. @default 1048576 (1 MiB) */
  maxBodyBytes?: number;
  /**
   * The processing lease of one event: renewed every third of it while its handlers run, so this is how
   * long an event stays blocked after the instance running it crashed.
   * @default 120000
   */
  leaseMs?: number;
  /** How long a processed event is remembered for deduplication. @default 604800000 (7 days) */
  dedupTtlMs?: number;
  /** `Retry-After` seconds sent with a 409 (event being processed). @default 5 */
  retryAfterSeconds?: number;
  /** Called for verified provider events with no normalized mapping; its failure answers 500. */
  onUnknownEvent?: (event: UnknownProviderEvent) => unknown;
  /**
   * Called (instead of the handlers) for a verified event the ledger refuses: it would move its payment
   * backwards or repeat a terminal state. `record` is the ledger record after the stale event was noted.
   * Its failure answers 500 and the redelivery calls it again. Without it, stale events are logged at info.
   */
  onStaleEvent?: (event: PaymentEvent, record: PaymentRecord) => unknown;
  /**
   * What to do with a callback for a payment this ledger never saw (not started through paywire's clients
   * and never reported before): `'accept'` dispatches it (and records it), `'reject'` refuses the delivery
   * (`ERR_PAYMENT_UNKNOWN`, 401). `'reject'` is recommended when every payment starts through paywire and the
   * store is shared by every instance.
   * @default 'accept'
   */
  unknownPayments?: 'accept' | 'reject';
  /**
   * How long a delivery waits for its handlers before answering 500 (outcome `handler_timeout`). The
   * handlers keep running and keep their lease; what they end with is recorded when they settle.
   * @default 30000
   */
  handlerTimeoutMs?: number;
  /**
   * How long paywire keeps renewing the lease of handlers that never settle. Past it, `context.signal` is
   * aborted, renewal stops, and once the lease expires a later delivery processes the event again.
   * @default 600000 (10 minutes)
   */
  maxHandlerMs?: number;
}
