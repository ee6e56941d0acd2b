import { request } from 'undici';
import type { CallbackAttempt, SandboxPayment } from './state.js';

/** How a provider retries a callback. */
export interface RetryRule {
  /** Attempts at most (the first included). */
  maxAttempts: number;
  /** Wait between attempts, in ms. */
  intervalMs: number;
  /** Whether the merchant's answer stops the retries. @default any 2xx */
  accepted?: (status: number, body: string) => boolean;
}

/** A callback to deliver. */
export interface Callback {
  url: string;
  label: string;
  /** Builds the request for attempt `n` (0-based): some providers change the body between attempts. */
  build(attempt: number): { body: string; headers: Record<string, string> };
}

/**
 * Delivers a callback to the merchant, retrying per the provider's rule, recording every attempt on the
 * payment. Resolves when accepted or when attempts run out (never rejects).
 */
export async function deliver(
  payment: SandboxPayment,
  callback: Callback,
  rule: RetryRule,
  signal?: AbortSignal,
): Promise<boolean> {
  const accepted = rule.accepted ?? ((status) => status >= 200 && status < 300);
  for (let n = 0; n < rule.maxAttempts; n++) {
    if (signal?.aborted) return false;
    if (n > 0) await new Promise((r) => setTimeout(r, rule.intervalMs));
    const { body, headers } = callback.build(n);
    const attempt: CallbackAttempt = {
      at: new Date(),
      url: callback.url,
      label: callback.label,
      status: undefined,
      answer: '',
      accepted: false,
    };
    try {
      const res = await request(callback.url, {
        method: 'POST',
        body,
        headers,
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
        ...(signal ? { signal } : {}),
      });
      const text = await res.body.text();
      attempt.status = res.statusCode;
      attempt.answer = text.slice(0, 200);
      attempt.accepted = accepted(res.statusCode, text);
    } catch (err) {
      attempt.answer = `no answer: ${(err as Error).message}`;
    }
    payment.attempts.push(attempt);
    if (attempt.accepted) return true;
  }
  return false;
}
