import { randomUUID } from 'node:crypto';
import { PaywireError, isPaywireError } from '../errors.js';
import type { PaymentEvent } from '../events.js';
import type { PaywireLogger } from '../lib/logger.js';
import type { ParsedDelivery, ProviderWebhook, UnknownProviderEvent, WebhookInput } from '../providers/types.js';
import type { PaywireStore } from '../stores/types.js';
import { doctorReply } from './doctor.js';
import type { HandlerRegistry } from './handlers.js';
import type { WebhookOptions, WebhookReply, WebhookRequest } from './types.js';

/** Resolved pipeline settings. */
export interface PipelineConfig {
  maxBodyBytes: number;
  leaseMs: number;
  dedupTtlMs: number;
  retryAfterSeconds: number;
  onUnknownEvent?: WebhookOptions['onUnknownEvent'];
}

interface PipelineDeps {
  config: PipelineConfig;
  webhooks: ReadonlyMap<string, ProviderWebhook>;
  store: PaywireStore;
  handlers: HandlerRegistry;
  logger: PaywireLogger;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Outcome of dedupe + dispatch for a batch of events. */
type BatchResult = { processed: number; inProgress: number; failed: PaywireError | undefined };

/** The provider-independent webhook pipeline: read → verify → parse → dedupe → dispatch → acknowledge. */
export function createPipeline(deps: PipelineDeps) {
  const { config, webhooks, store, handlers, logger } = deps;

  /** Dedupe and dispatch each event; a failed handler releases its lease so the redelivery runs it. */
  async function dispatchBatch(events: readonly PaymentEvent[]): Promise<BatchResult> {
    const result: BatchResult = { processed: 0, inProgress: 0, failed: undefined };
    const owner = randomUUID(); // this attempt's lease token
    for (const event of events) {
      const claim = await store.claim(event.id, config.leaseMs, owner);
      if (claim === 'done') continue;
      if (claim === 'in_progress') {
        result.inProgress++;
        continue;
      }
      try {
        await handlers.dispatch(event);
      } catch (err) {
        await store.release(event.id, owner);
        logger.error(`handler failed for ${event.provider} ${event.type} ${event.id}; the lease is released so a redelivery runs it`, { error: err, cause: (err as Error).cause });
        result.failed ??= err instanceof PaywireError ? err : new PaywireError('ERR_HANDLER_FAILED', 'a handler failed', { cause: err });
        continue;
      }
      await store.complete(event.id, config.dedupTtlMs);
      result.processed++;
    }
    return result;
  }

  function errorReply(err: PaywireError, events: PaymentEvent[] = [], unknown: UnknownProviderEvent[] = []): WebhookReply {
    const outcome = err.code === 'ERR_HANDLER_FAILED' ? 'handler_failed' : err.code === 'ERR_EVENT_IN_PROGRESS' ? 'in_progress' : 'rejected';
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (outcome === 'in_progress') headers['retry-after'] = String(config.retryAfterSeconds);
    const error = { code: err.code, message: err.message };
    return { status: err.httpStatus, headers, body: JSON.stringify({ error }), outcome, events, unknown, error };
  }

  function read(req: WebhookRequest): WebhookInput {
    let text: string;
    let reserialized = false;
    const raw = req.rawBody ?? (typeof req.body === 'string' || req.body instanceof Uint8Array ? req.body : undefined);
    if (raw !== undefined) {
      const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.byteLength;
      if (size > config.maxBodyBytes) throw new PaywireError('ERR_BODY_TOO_LARGE', `the body is ${size} bytes; the limit is ${config.maxBodyBytes}`);
      try {
        text = typeof raw === 'string' ? raw : utf8.decode(raw);
      } catch {
        throw new PaywireError('ERR_PAYLOAD_INVALID', 'the body is not valid UTF-8');
      }
    } else if (req.body !== undefined && req.body !== null && typeof req.body === 'object') {
      if (Object.keys(req.body).length === 0) {
        throw new PaywireError('ERR_BODY_ALREADY_PARSED', 'the body was already consumed by another parser and is empty (was it sent as JSON? did a form parser read it?); pass the raw bytes as rawBody');
      }
      text = JSON.stringify(req.body);
      reserialized = true;
    } else {
      throw new PaywireError('ERR_PAYLOAD_INVALID', 'the body is empty');
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new PaywireError('ERR_PAYLOAD_INVALID', 'the body is not valid JSON');
    }
    return { text, reserialized, json, headers: lowerHeaders(req.headers), query: toSearchParams(req.query), path: req.path ?? '', remoteAddress: req.remoteAddress };
  }

  async function surfaceUnknown(unknown: readonly UnknownProviderEvent[]): Promise<void> {
    for (const u of unknown) {
      if (config.onUnknownEvent) await config.onUnknownEvent(u);
      else logger.info(`acknowledged a ${u.provider} event with no normalized mapping: ${u.type}`);
    }
  }

  return {
    dispatchBatch,
    /** Handles one delivery; never throws for anything the request contains. */
    async handle(req: WebhookRequest): Promise<WebhookReply> {
      const webhook = webhooks.get(req.provider);
      if (!webhook) {
        return errorReply(new PaywireError('ERR_PROVIDER_NOT_CONFIGURED', `no configured provider is named "${String(req.provider).slice(0, 40)}"`));
      }
      let delivery: ParsedDelivery;
      let input: WebhookInput;
      try {
        input = read(req);
        delivery = await webhook.receive(input);
      } catch (err) {
        if (!isPaywireError(err)) throw err; // a bug in paywire: let the framework answer 500 and log it
        logger.warn(`${req.provider} webhook rejected: ${err.code}`, { message: err.message, remoteAddress: req.remoteAddress });
        return errorReply(err);
      }
      const diagnostic = doctorReply(req.provider, input, delivery); // `paywire doctor`: verified, never dispatched
      if (diagnostic) return diagnostic;
      const unknown = delivery.unknown ?? [];
      const batch = await dispatchBatch(delivery.events);
      if (!batch.failed && unknown.length > 0 && batch.inProgress === 0) {
        try {
          await surfaceUnknown(unknown);
        } catch (err) {
          logger.error(`onUnknownEvent failed for ${req.provider}`, { error: err });
          batch.failed = new PaywireError('ERR_HANDLER_FAILED', 'the onUnknownEvent hook failed', { provider: req.provider, cause: err });
        }
      }
      if (batch.failed) {
        return errorReply(new PaywireError('ERR_HANDLER_FAILED', 'a payment handler failed; the delivery is processed when redelivered', { provider: req.provider }), delivery.events, unknown);
      }
      if (batch.inProgress > 0) {
        return errorReply(new PaywireError('ERR_EVENT_IN_PROGRESS', 'this event is being processed by another delivery; retry later', { provider: req.provider }), delivery.events, unknown);
      }
      const ack = webhook.acknowledge(delivery);
      const outcome = batch.processed > 0 || delivery.events.length === 0 ? 'processed' : 'duplicate';
      return { ...ack, outcome, events: delivery.events, unknown };
    },
  };
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
