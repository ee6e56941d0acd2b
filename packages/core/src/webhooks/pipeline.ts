import { randomUUID } from 'node:crypto';
import type { PaywireError } from '../errors.js';
import { isPaywireError, paywireError } from '../errors.js';
import type { PaymentEvent } from '../events.js';
import type { PaywireLogger } from '../lib/logger.js';
import type { ParsedDelivery, ProviderWebhook, UnknownProviderEvent, WebhookInput } from '../providers/types.js';
import { isThenable, runFlow, type Flow, type MaybePromise } from '../lib/flow.js';
import { storeCall, type StoreOperations } from '../stores/operations.js';
import type { PaywireStore } from '../stores/types.js';
import { doctorReply } from './doctor.js';
import type { HandlerRegistry } from './handlers.js';
import { JSON_HEADERS } from './http-reply.js';
import { createEventRunner, type EventOutcome, type RunConfig } from './run-event.js';
import type { WebhookOptions, WebhookOutcome, WebhookReply, WebhookRequest } from './types.js';
import { assertJsonDepth, reserializeBody } from './json-guard.js';

/** Resolved pipeline settings. */
export interface PipelineConfig extends RunConfig {
  maxBodyBytes: number;
  retryAfterSeconds: number;
  unknownPayments: 'accept' | 'reject';
  onUnknownEvent?: WebhookOptions['onUnknownEvent'];
}

interface PipelineDeps {
  config: PipelineConfig;
  webhooks: ReadonlyMap<string, ProviderWebhook>;
  store: PaywireStore;
  handlers: HandlerRegistry;
  logger: PaywireLogger;
  now: () => number;
  /**
   * The store's synchronous operations for this delivery, when it has them and nothing observes its calls
   * (`memoryStore()` with telemetry idle); `undefined` calls the store's own methods.
   */
  direct?: () => StoreOperations | undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Outcome of dedupe + ledger + dispatch for a batch of events. */
export interface BatchResult {
  processed: number;
  stale: number;
  inProgress: number;
  /** The first failure, by precedence: store unavailable, handler timeout, handler failure, then a refusal (4xx). */
  failed: PaywireError | undefined;
}

const PRECEDENCE = ['ERR_STORE_UNAVAILABLE', 'ERR_HANDLER_TIMEOUT', 'ERR_HANDLER_FAILED'];
/** A refusal (any other code) ranks last: a 5xx must win, so the provider retries what failed. */
const rank = (e: PaywireError): number => {
  const i = PRECEDENCE.indexOf(e.code);
  return i < 0 ? PRECEDENCE.length : i;
};
const worse = (a: PaywireError | undefined, b: PaywireError): PaywireError => (a && rank(a) <= rank(b) ? a : b);

const OUTCOME_OF: Record<string, WebhookOutcome> = {
  ERR_HANDLER_FAILED: 'handler_failed',
  ERR_EVENT_IN_PROGRESS: 'in_progress',
  ERR_HANDLER_TIMEOUT: 'handler_timeout',
  ERR_STORE_UNAVAILABLE: 'store_unavailable',
};

/** The provider-independent webhook pipeline: read → verify → parse → dedupe → ledger → dispatch → acknowledge. */
export function createPipeline(deps: PipelineDeps) {
  const { config, webhooks, store, handlers, logger } = deps;
  const runner = createEventRunner({ config, store, handlers, logger, now: deps.now });
  // A lease owner must be unique, not secret: one random prefix per pipeline and a counter (a UUID per delivery
  // showed in profiles).
  const ownerPrefix = randomUUID();
  let attempts = 0;

  /** Counts one event's outcome into `result`; false when the batch must stop (the delivery answers 5xx). */
  function tally(result: BatchResult, event: PaymentEvent, outcome: EventOutcome): boolean {
    if (outcome.kind === 'processed') result.processed++;
    else if (outcome.kind === 'stale') result.stale++;
    else if (outcome.kind === 'in_progress') result.inProgress++;
    else if (outcome.kind === 'refused') {
      // the request's fault, found while applying the event (Waylet's binding): nothing ran, the lease is released
      logger.warn(`${event.provider} webhook rejected: ${outcome.error.code}`, { message: outcome.error.message });
      result.failed = worse(result.failed, outcome.error);
    } else if (outcome.kind === 'failed') {
      logger.error(
        `handler failed for ${event.provider} ${event.type} ${event.id}; a redelivery runs the handlers that did not complete`,
        { error: outcome.error, cause: outcome.error.cause },
      );
      result.failed = worse(result.failed, outcome.error);
    } else if (outcome.kind === 'timeout') {
      result.failed = worse(
        result.failed,
        paywireError(
          'ERR_HANDLER_TIMEOUT',
          `a handler is still running after ${config.handlerTimeoutMs} ms; it keeps running and the retry is answered when it settles`,
          { provider: event.provider },
        ),
      );
      return false;
    }
    return true;
  }

  /** Counts a store failure while processing `event` into `result` (the batch stops); rethrows anything else. */
  function storeFailed(result: BatchResult, event: PaymentEvent, err: unknown): void {
    if (!isPaywireError(err)) throw err; // a bug in paywire, not a store outage
    logger.error(
      `store unavailable while processing ${event.provider} ${event.type} ${event.id}; nothing marked done`,
      {
        error: err,
      },
    );
    result.failed = worse(result.failed, err);
  }

  /** This attempt's lease token. */
  const nextOwner = () => `${ownerPrefix}:${(attempts++).toString(36)}`;

  /**
   * Processes each event in turn; a failed handler releases its lease so the redelivery runs it. Stops at the
   * first handler timeout or store failure (the delivery answers 5xx and the redelivery does the rest).
   */
  function* batch(
    events: readonly PaymentEvent[],
    ops: StoreOperations | undefined,
    bindsLedger = false,
  ): Flow<BatchResult> {
    const result: BatchResult = { processed: 0, stale: 0, inProgress: 0, failed: undefined };
    const owner = nextOwner();
    for (const event of events) {
      let outcome: MaybePromise<EventOutcome>;
      try {
        outcome = runner.run(event, owner, ops, bindsLedger);
        if (isThenable(outcome)) outcome = (yield outcome) as EventOutcome;
      } catch (err) {
        storeFailed(result, event, err);
        break;
      }
      if (!tally(result, event, outcome)) break;
    }
    return result;
  }

  /** {@link batch} of one event (most deliveries), without a generator. */
  function single(
    event: PaymentEvent,
    ops: StoreOperations | undefined,
    bindsLedger: boolean,
  ): MaybePromise<BatchResult> {
    const result: BatchResult = { processed: 0, stale: 0, inProgress: 0, failed: undefined };
    let outcome: MaybePromise<EventOutcome>;
    try {
      outcome = runner.run(event, nextOwner(), ops, bindsLedger);
    } catch (err) {
      storeFailed(result, event, err);
      return result;
    }
    if (isThenable(outcome)) {
      return Promise.resolve(outcome).then(
        (settled) => (tally(result, event, settled), result),
        (err: unknown) => (storeFailed(result, event, err), result),
      );
    }
    tally(result, event, outcome);
    return result;
  }

  /** Processes a batch of events through the store's own methods (events a client fetched). */
  function dispatchBatch(events: readonly PaymentEvent[]): MaybePromise<BatchResult> {
    return runFlow(batch(events, undefined));
  }

  /** With `unknownPayments: 'reject'`, refuses a delivery naming a payment the ledger never saw. */
  async function assertKnownPayments(events: readonly PaymentEvent[]): Promise<void> {
    if (config.unknownPayments !== 'reject') return;
    for (const event of events) {
      const id = event.paymentId;
      const known =
        id !== undefined && (await storeCall('getPayment', () => store.getPayment(event.provider, id))) !== undefined;
      if (!known) {
        throw paywireError(
          'ERR_PAYMENT_UNKNOWN',
          `${event.provider} callback: the ledger has no payment ${String(id).slice(0, 64)} (webhooks.unknownPayments is 'reject')`,
          { provider: event.provider },
        );
      }
    }
  }

  function errorReply(
    err: PaywireError,
    events: PaymentEvent[] = [],
    unknown: UnknownProviderEvent[] = [],
  ): WebhookReply {
    const outcome = OUTCOME_OF[err.code] ?? 'rejected';
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (outcome === 'in_progress' || outcome === 'store_unavailable')
      headers['retry-after'] = String(config.retryAfterSeconds);
    const error = { code: err.code, message: err.message };
    return { status: err.httpStatus, headers, body: JSON.stringify({ error }), outcome, events, unknown, error };
  }

  function read(req: WebhookRequest): WebhookInput {
    let text: string;
    let reserialized = false;
    const raw = req.rawBody ?? (typeof req.body === 'string' || req.body instanceof Uint8Array ? req.body : undefined);
    if (raw !== undefined) {
      // a UTF-16 code unit is at most 3 UTF-8 bytes: only a long text needs its exact byte count
      const size =
        typeof raw === 'string' ? (raw.length * 3 <= config.maxBodyBytes ? 0 : Buffer.byteLength(raw)) : raw.byteLength;
      if (size > config.maxBodyBytes)
        throw paywireError('ERR_BODY_TOO_LARGE', `the body is ${size} bytes; the limit is ${config.maxBodyBytes}`);
      try {
        text = typeof raw === 'string' ? raw : utf8.decode(raw);
      } catch {
        throw paywireError('ERR_PAYLOAD_INVALID', 'the body is not valid UTF-8');
      }
    } else if (req.body !== undefined && req.body !== null && typeof req.body === 'object') {
      if (Object.keys(req.body).length === 0) {
        throw paywireError(
          'ERR_BODY_ALREADY_PARSED',
          'the body was already consumed by another parser and is empty (was it sent as JSON? did a form parser read it?); pass the raw bytes as rawBody',
        );
      }
      text = reserializeBody(req.body);
      reserialized = true;
      if (Buffer.byteLength(text) > config.maxBodyBytes)
        throw paywireError(
          'ERR_BODY_TOO_LARGE',
          `the re-serialized body is larger than the limit of ${config.maxBodyBytes} bytes`,
        );
    } else {
      throw paywireError('ERR_PAYLOAD_INVALID', 'the body is empty');
    }
    assertJsonDepth(text);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw paywireError('ERR_PAYLOAD_INVALID', 'the body is not valid JSON');
    }
    return new DeliveryInput(text, reserialized, json, req);
  }

  async function surfaceUnknown(unknown: readonly UnknownProviderEvent[]): Promise<void> {
    for (const u of unknown) {
      if (config.onUnknownEvent) await config.onUnknownEvent(u);
      else logger.info(`acknowledged a ${u.provider} event with no normalized mapping: ${u.type}`);
    }
  }

  async function receiveAsync(
    delivery: PromiseLike<ParsedDelivery>,
    req: WebhookRequest,
    input: WebhookInput,
  ): Promise<ParsedDelivery | WebhookReply> {
    try {
      const verified = await delivery;
      return doctorReply(req.provider, input, verified) ?? verified; // `paywire doctor`: verified, never dispatched
    } catch (err) {
      return refused(err, req);
    }
  }

  /** The reply to a request refused while read or verified (a 4xx); anything but a `PaywireError` is rethrown. */
  function refused(err: unknown, req: WebhookRequest): WebhookReply {
    if (!isPaywireError(err)) throw err; // a bug in paywire: let the framework answer 500 and log it
    logger.warn(`${req.provider} webhook rejected: ${err.code}`, {
      message: err.message,
      remoteAddress: req.remoteAddress,
    });
    return errorReply(err);
  }

  /** Reads and verifies a delivery; a refusal comes back as the reply to send. */
  function receive(webhook: ProviderWebhook, req: WebhookRequest): MaybePromise<ParsedDelivery | WebhookReply> {
    let input: WebhookInput;
    let delivery: MaybePromise<ParsedDelivery>;
    try {
      input = read(req);
      delivery = webhook.receive(input);
      if (!isThenable(delivery)) return doctorReply(req.provider, input, delivery) ?? delivery;
    } catch (err) {
      return refused(err, req);
    }
    return receiveAsync(delivery, req, input);
  }

  /** Surfaces verified events with no normalized mapping; a failing hook fails the batch. */
  async function surfaced(req: WebhookRequest, unknown: readonly UnknownProviderEvent[], batch: BatchResult) {
    try {
      await surfaceUnknown(unknown);
    } catch (err) {
      logger.error(`onUnknownEvent failed for ${req.provider}`, { error: err });
      batch.failed = paywireError('ERR_HANDLER_FAILED', 'the onUnknownEvent hook failed', {
        provider: req.provider,
        cause: err,
      });
    }
  }

  /** The reply to a verified delivery, from how its batch went. */
  function reply(
    webhook: ProviderWebhook,
    req: WebhookRequest,
    delivery: ParsedDelivery,
    unknown: UnknownProviderEvent[],
    batch: BatchResult,
  ): WebhookReply {
    if (batch.failed && batch.failed.httpStatus < 500) return errorReply(batch.failed); // refused: a 4xx
    if (batch.failed) {
      const error =
        batch.failed.code === 'ERR_HANDLER_FAILED'
          ? paywireError('ERR_HANDLER_FAILED', 'a payment handler failed; the delivery is processed when redelivered', {
              provider: req.provider,
            })
          : batch.failed;
      return errorReply(error, delivery.events, unknown);
    }
    if (batch.inProgress > 0) {
      return errorReply(
        paywireError('ERR_EVENT_IN_PROGRESS', 'this event is being processed by another delivery; retry later', {
          provider: req.provider,
        }),
        delivery.events,
        unknown,
      );
    }
    const ack = webhook.acknowledge(delivery);
    const outcome: WebhookOutcome =
      batch.processed > 0 || delivery.events.length === 0 ? 'processed' : batch.stale > 0 ? 'stale' : 'duplicate';
    // one literal in one order (a spread of the acknowledgement made a slow, differently shaped object)
    const answer: WebhookReply = {
      status: ack.status,
      headers: ack.headers,
      body: ack.body,
      outcome,
      events: delivery.events,
      unknown,
    };
    if (ack.secretIndex !== undefined) answer.secretIndex = ack.secretIndex;
    return answer;
  }

  return {
    dispatchBatch,
    /** Stops lease renewals and aborts running handlers' signals. */
    close: () => runner.close(),
    /**
     * Handles one delivery; never throws for anything the request contains. With the memory store's synchronous
     * operations and handlers that return no promise, nothing between the verified body and the reply waits: the
     * reply comes back as a value, not a promise.
     */
    handle(req: WebhookRequest): MaybePromise<WebhookReply> {
      const webhook = webhooks.get(req.provider);
      if (!webhook) {
        return errorReply(
          paywireError(
            'ERR_PROVIDER_NOT_CONFIGURED',
            `no configured provider is named "${String(req.provider).slice(0, 40)}"`,
          ),
        );
      }
      const delivery = receive(webhook, req);
      return isThenable(delivery)
        ? delivery.then((verified) => verifiedDelivery(webhook, req, verified))
        : verifiedDelivery(webhook, req, delivery);
    },
  };

  /** Processes a verified delivery (or passes a refusal through) and builds its reply. */
  function verifiedDelivery(
    webhook: ProviderWebhook,
    req: WebhookRequest,
    delivery: ParsedDelivery | WebhookReply,
  ): MaybePromise<WebhookReply> {
    if ('status' in delivery) return delivery;
    if (config.unknownPayments === 'reject') return afterKnownCheck(webhook, req, delivery);
    return processDelivery(webhook, req, delivery);
  }

  /** With `unknownPayments: 'reject'`: the ledger check, then the delivery. */
  async function afterKnownCheck(
    webhook: ProviderWebhook,
    req: WebhookRequest,
    delivery: ParsedDelivery,
  ): Promise<WebhookReply> {
    try {
      await assertKnownPayments(delivery.events);
    } catch (err) {
      return refused(err, req);
    }
    return processDelivery(webhook, req, delivery);
  }

  function processDelivery(
    webhook: ProviderWebhook,
    req: WebhookRequest,
    delivery: ParsedDelivery,
  ): MaybePromise<WebhookReply> {
    const { events } = delivery;
    const result =
      events.length === 1
        ? single(events[0] as PaymentEvent, deps.direct?.(), delivery.bindsLedger === true)
        : runFlow(batch(events, deps.direct?.(), delivery.bindsLedger));
    return isThenable(result)
      ? Promise.resolve(result).then((settled) => answer(webhook, req, delivery, settled))
      : answer(webhook, req, delivery, result);
  }

  /** The reply, once any unmapped events are surfaced. */
  function answer(
    webhook: ProviderWebhook,
    req: WebhookRequest,
    delivery: ParsedDelivery,
    result: BatchResult,
  ): MaybePromise<WebhookReply> {
    const unknown = delivery.unknown ?? [];
    if (!result.failed && unknown.length > 0 && result.inProgress === 0)
      return surfaced(req, unknown, result).then(() => reply(webhook, req, delivery, unknown, result));
    return reply(webhook, req, delivery, unknown, result);
  }
}

/** What a provider's webhook reads of one delivery; headers and query are built on first read (most read neither). */
class DeliveryInput implements WebhookInput {
  #headers: Record<string, string | undefined> | undefined;
  #query: URLSearchParams | undefined;
  readonly #req: WebhookRequest;
  readonly path: string;
  readonly remoteAddress: string | undefined;

  constructor(
    readonly text: string,
    readonly reserialized: boolean,
    readonly json: unknown,
    req: WebhookRequest,
  ) {
    this.#req = req;
    this.path = req.path ?? '';
    this.remoteAddress = req.remoteAddress;
  }

  get headers(): Record<string, string | undefined> {
    return (this.#headers ??= lowerHeaders(this.#req.headers));
  }

  get query(): URLSearchParams {
    return (this.#query ??= toSearchParams(this.#req.query));
  }
}

function lowerHeaders(headers: WebhookRequest['headers']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function toSearchParams(query: WebhookRequest['query']): URLSearchParams {
  if (query === undefined) return new URLSearchParams();
  if (query instanceof URLSearchParams || typeof query === 'string') return new URLSearchParams(query);
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    for (const item of Array.isArray(v) ? v : [v]) if (typeof item === 'string') params.append(k, item);
  }
  return params;
}
