import type { z } from 'zod';
import { jsonNumber } from '../../lib/json/index.js';
import { ProviderApiError, paywireError } from '../../errors.js';
import type { ProviderContext } from '../types.js';
import type { PaykassmaConfig, PaykassmaUrlHasher } from './config.js';
import { decimalFromToken } from './decimal.js';
import { activationEvent } from './events.js';
import { parseInput, paymentWindowUrl } from './payment-window.js';
import {
  activateTransactionInputSchema,
  activateTransactionResponseSchema,
  createTransactionInputSchema,
  createTransactionResponseSchema,
  type ActivateTransactionInput,
  type CreateTransactionInput,
  type PaykassmaActivationRequest,
  type PaymentWindowInput,
} from './schemas.js';

/** The answer to an activation: one member per documented answer. None of them is an exception. */
export type ActivationResult =
  /**
   * Credited now. `depositAmount` is the decimal text of Paykassma's `deposit_amount`. A `payment.paid` event was
   * dispatched.
   */
  | {
      status: 'ok';
      deposit: boolean;
      depositAmount: string;
      currency: { code: string; symbol: string | undefined };
      raw: Record<string, unknown>;
    }
  /** Verification started; the result comes by postback. */
  | { status: 'pending'; message: string; raw: Record<string, unknown> }
  /** Not found; a "possible transaction" was opened for manual review (result by postback). */
  | { status: 'possible_transaction_created'; message: string; raw: Record<string, unknown> }
  /** Refused, with Paykassma's message. */
  | { status: 'fail'; message: string; raw: Record<string, unknown> };

/** The Paykassma API client: `paywire.paykassma`. */
export interface PaykassmaClient {
  /**
   * Asks for the wallet details the customer pays to (`POST /api/v1/transaction/create/{walletType}`).
   * @example
   * ```ts
   * const { identifier } = await paywire.paykassma.createTransaction({
   *   walletType: 'wavepay',
   *   currency: 'MMK',
   *   label: 'user-55',
   * })
   * ```
   * @throws PaywireError `ERR_INPUT_INVALID` naming the field; `ProviderApiError` (`ERR_PROVIDER_API`) for a
   *   `{"status":"fail"}` answer (its message in `details.providerMessage`) or an HTTP error; `ERR_PROVIDER_TIMEOUT`.
   */
  createTransaction(input: CreateTransactionInput): Promise<{ identifier: string }>;
  /**
   * Sends the wallet transaction number the customer typed (`POST /api/v1/transaction/activate`). An `ok`
   * answer with `deposit: true` also dispatches `payment.paid` (`source: 'api'`, id
   * `paykassma:custom:<customTransactionId>`) through the same deduplication as postbacks, so the later postback for it
   * is a duplicate.
   * @example
   * ```ts
   * const r = await paywire.paykassma.activateTransaction({
   *   walletType: 'wavepay',
   *   currencyCode: 'MMK',
   *   label: 'user-55',
   *   key1: '1394646476',
   *   amount: '500',
   *   customTransactionId: 'dep-1',
   * })
   * if (r.status === 'fail') logger.warn(r.message)
   * ```
   * @throws PaywireError `ERR_INPUT_INVALID` naming the field (checked before sending); `ProviderApiError` for
   *   5xx or an undocumented 4xx; `ERR_PROVIDER_RESPONSE_INVALID` for an undocumented 2xx answer;
   *   `ERR_PROVIDER_TIMEOUT`/`ERR_PROVIDER_UNREACHABLE`; `ERR_HANDLER_FAILED` when Paykassma credited the
   *   deposit but a `payment.paid` handler threw (the postback will run the handlers again).
   */
  activateTransaction(input: ActivateTransactionInput): Promise<ActivationResult>;
  /**
   * The payment window URL (see the pure {@link paymentWindowUrl}); `urlHasher` here overrides the configured one.
   * @throws PaywireError `ERR_INPUT_INVALID`; `ERR_CONFIG_INVALID` when raw URLs are given without a `urlHasher`.
   */
  paymentWindowUrl(input: PaymentWindowInput, options?: { urlHasher?: PaykassmaUrlHasher }): string;
}

// 2xx-4xx: Paykassma's documented answers may come with a 4xx
const ACCEPTED = Array.from({ length: 300 }, (_, i) => 200 + i);

/** Builds the Paykassma client. Internal: reach it as `paywire.paykassma`. */
export function createPaykassmaClient(config: PaykassmaConfig, ctx: ProviderContext): PaykassmaClient {
  const mask = ctx.redact;
  const url = (path: string) => `${config.apiUrl}/api/v1/${path}?secret=${encodeURIComponent(config.apiSecret)}`;

  async function call<S extends z.ZodType>(
    operation: string,
    path: string,
    json: unknown,
    schema: S,
  ): Promise<{ status: number; body: z.output<S> }> {
    const res = await ctx.http.request({
      provider: 'paykassma',
      operation,
      method: 'POST',
      url: url(path),
      json,
      okStatuses: ACCEPTED,
    });
    const parsed = schema.safeParse(res.body);
    if (parsed.success) return { status: res.status, body: parsed.data };
    const body = mask(res.body);
    if (res.status >= 400) {
      throw new ProviderApiError(`paykassma ${operation}: HTTP ${res.status}: ${preview(body)}`, {
        provider: 'paykassma',
        status: res.status,
        body,
        details: { operation },
      });
    }
    const issue = parsed.error.issues[0];
    throw paywireError(
      'ERR_PROVIDER_RESPONSE_INVALID',
      `paykassma ${operation}: undocumented answer (${issue?.path.join('.') || 'body'}: ${issue?.message}): ${preview(body)}`,
      {
        provider: 'paykassma',
        httpStatus: 502,
        details: { operation, status: res.status, body },
      },
    );
  }

  return {
    async createTransaction(input) {
      const data = parseInput(createTransactionInputSchema, input, 'createTransaction');
      const { status, body } = await call(
        'createTransaction',
        `transaction/create/${data.walletType}`,
        { currency: data.currency, label: data.label },
        createTransactionResponseSchema,
      );
      if (body.status === 'ok') return { identifier: body.params.identifier };
      const message = String(mask(body.message));
      throw new ProviderApiError(`paykassma createTransaction: Paykassma answered fail: ${message.slice(0, 300)}`, {
        provider: 'paykassma',
        status,
        body: mask(body),
        details: { operation: 'createTransaction', providerMessage: message },
      });
    },

    async activateTransaction(input) {
      const data = parseInput(activateTransactionInputSchema, input, 'activateTransaction');
      const amountText = typeof data.amount === 'number' ? String(data.amount) : data.amount;
      const request: PaykassmaActivationRequest = {
        walletType: data.walletType,
        currencyCode: data.currencyCode,
        label: data.label,
        key1: data.key1,
        amount: amountText,
        customTransactionId: data.customTransactionId,
      };
      const json = {
        currency_code: data.currencyCode,
        wallet_type: data.walletType,
        label: data.label,
        key1: data.key1,
        amount: jsonNumber(amountText),
        custom_transaction_id: data.customTransactionId,
      };
      const { body } = await call(
        'activateTransaction',
        'transaction/activate',
        json,
        activateTransactionResponseSchema,
      );
      await ctx.ledger.recordStart({
        paymentId: data.customTransactionId,
        amount: { value: amountText, currency: data.currencyCode, unit: 'major' },
      });
      const raw = mask(body) as Record<string, unknown>;
      if (body.status !== 'ok') return { status: body.status, message: String(mask(body.message)), raw };
      const depositAmount =
        typeof body.deposit_amount === 'number' ? decimalFromToken(String(body.deposit_amount)) : body.deposit_amount;
      const result: ActivationResult = {
        status: 'ok',
        deposit: body.deposit,
        depositAmount,
        currency: { code: body.currency.code, symbol: body.currency.symbol },
        raw,
      };
      if (body.deposit) await emitPaid(request, raw, depositAmount, body.currency.code);
      return result;
    },

    paymentWindowUrl(input, options) {
      return paymentWindowUrl(input, {
        pluginUrl: config.pluginUrl,
        urlHasher: options?.urlHasher ?? config.urlHasher,
      });
    },
  };

  async function emitPaid(
    request: PaykassmaActivationRequest,
    raw: Record<string, unknown>,
    depositAmount: string,
    currency: string,
  ): Promise<void> {
    const event = activationEvent(request, raw, depositAmount, currency, new Date(ctx.clock.now()));
    try {
      await ctx.emit([event]);
    } catch (err) {
      throw paywireError(
        'ERR_HANDLER_FAILED',
        'paykassma activateTransaction: Paykassma credited the deposit (status ok), but a payment.paid handler failed; the postback for this transaction will run the handlers again',
        {
          provider: 'paykassma',
          cause: err,
          details: { eventId: event.id, customTransactionId: request.customTransactionId, depositAmount },
        },
      );
    }
  }
}

function preview(body: unknown): string {
  const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? '(empty)');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
