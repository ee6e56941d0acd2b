import { PaywireError, isPaywireError } from '../errors.js';
import type { PaywireLogger } from '../lib/logger.js';
import { isThenable, type MaybePromise } from '../lib/flow.js';
import { JSON_HEADERS } from './http-reply.js';
import type { WebhookReply, WebhookRequest } from './types.js';

/**
 * The answer to a delivery that paywire itself could not process: a failing store or a bug. 500 (or a
 * {@link PaywireError}'s own status; the provider redelivers), outcome `'error'`, and a body that names the code
 * but never carries a stack, nor the error's text when it is not a {@link PaywireError}. Internal.
 *
 * @example
 * ```ts
 * import { internalErrorReply } from './safe-handle.js'
 * internalErrorReply(new Error('boom')).status // 500
 * ```
 */
export function internalErrorReply(err: unknown): WebhookReply {
  const known = isPaywireError(err) ? err : undefined;
  const status = known?.httpStatus ?? 500;
  const error = known
    ? { code: known.code, message: known.message }
    : {
        code: 'ERR_INTERNAL' as const,
        message:
          'paywire could not process this delivery; it is logged on the server, and the provider should redeliver it',
      };
  // a typed client error that escaped the pipeline is still a refusal; anything else is paywire's fault
  const outcome = status < 500 ? 'rejected' : 'error';
  return {
    status,
    headers: { ...JSON_HEADERS },
    body: JSON.stringify({ error }),
    outcome,
    events: [],
    unknown: [],
    error,
  };
}

/**
 * Wraps the pipeline's `handle` so that it never throws or rejects, whatever the request holds: anything that
 * escapes becomes a logged {@link internalErrorReply} (the log keeps the redacted stack and cause chain). Internal.
 *
 * @example
 * ```ts
 * import { neverThrowing } from './safe-handle.js'
 * declare const pipeline: { handle: Parameters<typeof neverThrowing>[0] }
 * const handle = neverThrowing(pipeline.handle, logger)
 * ```
 */
export function neverThrowing(
  handle: (req: WebhookRequest) => MaybePromise<WebhookReply>,
  logger: PaywireLogger,
): (req: WebhookRequest) => Promise<WebhookReply> {
  const failed = (req: WebhookRequest, err: unknown): WebhookReply => {
    let provider = '(unknown)';
    try {
      provider = String(req?.provider).slice(0, 40);
    } catch {
      // a hostile provider value: keep the placeholder
    }
    const code = err instanceof PaywireError ? (err as PaywireError).code : 'ERR_INTERNAL';
    logger.error(
      `${provider} webhook: paywire could not process the delivery (${code}); answered 500 so the provider redelivers`,
      { error: err },
    );
    return internalErrorReply(err);
  };
  // one promise per delivery: a reply that came back as a value is resolved at once (no async layers)
  return (req) => {
    let reply: MaybePromise<WebhookReply>;
    try {
      reply = handle(req);
    } catch (err) {
      return Promise.resolve(failed(req, err));
    }
    return isThenable(reply)
      ? Promise.resolve(reply).then(undefined, (err: unknown) => failed(req, err))
      : Promise.resolve(reply);
  };
}
