import type { z } from 'zod';
import { paywireError } from '../../errors.js';
import { parseInput } from '../../lib/config.js';
import type { ProviderContext } from '../types.js';
import type { WayletConfig } from './config.js';
import {
  cancelPaymentInputSchema,
  createWebTransactionInputSchema,
  refundPaymentInputSchema,
  refundV2ResponseSchema,
  startPaymentInputSchema,
  startPaymentResponseSchema,
  startQrPaymentInputSchema,
  webTransactionResponseSchema,
  type CancelPaymentInput,
  type CreateWebTransactionInput,
  type RefundPaymentInput,
  type StartPaymentInput,
  type StartQrPaymentInput,
} from './schemas.js';
import { signCancelPayment, signRefundPayment, signStartPayment, signStartQrPayment } from './signature.js';

/** The Waylet API client: `paywire.waylet`. */
export interface WayletClient {
  /**
   * Pushes a payment to the customer's Waylet app (`POST …/v1/payments/start`, answered 201).
   * The result arrives later as a callback (`payment.paid` / `.failed` / `.canceled`).
   * @example
   * ```ts
   * const { wayletPaymentId } = await paywire.waylet.startPayment({
   *   customer: 'ana@example.com',
   *   amount: 300,
   *   paymentId: 'order-1',
   * })
   * ```
   * @throws PaywireError `ERR_INPUT_INVALID`; `ProviderApiError`; `ERR_PROVIDER_TIMEOUT` (never retried: the payment
   * may exist).
   */
  startPayment(input: StartPaymentInput): Promise<{ wayletPaymentId: string }>;
  /**
   * Starts a payment from a scanned QR code (`…/v1/payments/start/qr`). Same answers as
   * {@link WayletClient.startPayment}.
   */
  startQrPayment(input: StartQrPaymentInput): Promise<{ wayletPaymentId: string }>;
  /** Web redirect flow (`POST /openwaylet/web/v1/transactions`): returns the URL to send the customer to. */
  createWebTransaction(input: CreateWebTransactionInput): Promise<{ url: string }>;
  /** Cancels a pending payment (`…/v1/payments/cancel`, answered 204). */
  cancelPayment(input: CancelPaymentInput): Promise<void>;
  /** Refunds all or part of a payment (v2 by default, which answers the refunded amount; v1 answers 204). */
  refundPayment(input: RefundPaymentInput): Promise<{ refundedAmount: string | undefined }>;
}

/**
 * Records in the ledger which `wayletPaymentId` (when known) and amount a merchant `paymentId` was started with,
 * so a callback whose signed concatenation was re-split at another boundary (`order-1` + `2bf4…` →
 * `order-12` + `bf4…`), or whose amount differs, is refused. Internal.
 */
async function rememberPayment(
  ctx: ProviderContext,
  paymentId: string,
  amount: number | string,
  wayletPaymentId?: string,
): Promise<void> {
  // Callbacks carry integer cents: an amount written otherwise (the web endpoint takes a string) is not bound.
  const cents = /^\d+$/.test(String(amount))
    ? { amount: { value: String(amount), currency: 'EUR', unit: 'minor' as const } }
    : {};
  await ctx.ledger.recordStart({
    paymentId,
    ...cents,
    ...(wayletPaymentId !== undefined ? { providerPaymentId: wayletPaymentId } : {}),
  });
}

/** Builds the Waylet client. Internal: reach it as `paywire.waylet`. */
export function createWayletClient(config: WayletConfig, ctx: ProviderContext): WayletClient {
  const signOptions = { secret: config.secret, encoding: config.signatureEncoding };
  const headers = { 'x-openwaylet-apikey': config.apiKey };
  const url = (path: string) => `${config.baseUrl}${path}`;
  // the fixed endpoints, built once: the same string every call (the HTTP client parses each URL string once)
  const startUrl = url('/integrations/openwaylet/v1/payments/start');
  const startQrUrl = url('/integrations/openwaylet/v1/payments/start/qr');
  const webTransactionUrl = url('/openwaylet/web/v1/transactions');
  const cancelUrl = url('/integrations/openwaylet/v1/payments/cancel');
  const refundUrls = {
    v1: url('/integrations/openwaylet/v1/payments/refund'),
    v2: url('/integrations/openwaylet/v2/payments/refund'),
  };

  const parse = <S extends z.ZodType>(schema: S, input: unknown, operation: string): z.output<S> =>
    parseInput(schema, input, 'waylet', operation);

  function callbackUrlOf(given: string | undefined, operation: string): string {
    const value = given ?? config.callbackUrl;
    if (!value)
      throw paywireError(
        'ERR_INPUT_INVALID',
        `waylet ${operation}: callbackUrl: required (or set providers.waylet.callbackUrl)`,
        { provider: 'waylet', field: 'callbackUrl' },
      );
    return value;
  }

  /** Starts a payment (app or QR flow) and records it in the ledger, bound to the id Waylet gave it. */
  async function start(
    operation: 'startPayment' | 'startQrPayment',
    endpoint: string,
    json: { paymentId: string; amount: number; signature: string },
  ): Promise<{ wayletPaymentId: string }> {
    const res = await ctx.http.request({
      provider: 'waylet',
      operation,
      method: 'POST',
      url: endpoint,
      headers,
      json,
      okStatuses: [200, 201],
      schema: startPaymentResponseSchema,
    });
    await rememberPayment(ctx, json.paymentId, json.amount, res.body._id);
    return { wayletPaymentId: res.body._id };
  }

  // The request bodies below are written whole, `signature` last and filled in once the signed fields are there:
  // on Node 20 `{ ...body, signature }` (a spread plus a new key) costs more than the rest of the method.
  return {
    async startPayment(input) {
      const data = parse(startPaymentInputSchema, input, 'startPayment');
      const json = {
        customer: data.customer,
        amount: data.amount,
        commerceId: config.commerceId,
        callbackUrl: callbackUrlOf(data.callbackUrl, 'startPayment'),
        paymentId: data.paymentId,
        items: data.items,
        signature: '',
      };
      json.signature = signStartPayment(json, signOptions);
      return await start('startPayment', startUrl, json);
    },
    async startQrPayment(input) {
      const data = parse(startQrPaymentInputSchema, input, 'startQrPayment');
      const json = {
        qrContent: data.qrContent,
        amount: data.amount,
        commerceId: config.commerceId,
        callbackUrl: callbackUrlOf(data.callbackUrl, 'startQrPayment'),
        paymentId: data.paymentId,
        items: data.items,
        signature: '',
      };
      json.signature = signStartQrPayment(json, signOptions);
      return await start('startQrPayment', startQrUrl, json);
    },
    async createWebTransaction(input) {
      const data = parse(createWebTransactionInputSchema, input, 'createWebTransaction');
      const body = {
        ...data,
        commerceId: config.commerceId,
        callbackUrl: callbackUrlOf(data.callbackUrl, 'createWebTransaction'),
      };
      const res = await ctx.http.request({
        provider: 'waylet',
        operation: 'createWebTransaction',
        method: 'POST',
        url: webTransactionUrl,
        headers,
        json: body,
        schema: webTransactionResponseSchema,
      });
      await rememberPayment(ctx, data.externalId, data.amount);
      return { url: res.body.url };
    },
    async cancelPayment(input) {
      const data = parse(cancelPaymentInputSchema, input, 'cancelPayment');
      const body = { commerceId: config.commerceId, paymentId: data.paymentId };
      await ctx.http.request({
        provider: 'waylet',
        operation: 'cancelPayment',
        method: 'POST',
        url: cancelUrl,
        headers,
        json: { ...body, signature: signCancelPayment(body, signOptions) },
      });
    },
    async refundPayment(input) {
      const data = parse(refundPaymentInputSchema, input, 'refundPayment');
      const body = {
        amount: data.amount,
        commerceId: config.commerceId,
        paymentId: data.paymentId,
        ...(data.items ? { items: data.items } : {}),
      };
      const json = { ...body, signature: signRefundPayment(body, signOptions) };
      const request = {
        provider: 'waylet',
        operation: 'refundPayment',
        method: 'POST',
        url: refundUrls[data.apiVersion],
        headers,
        json,
      } as const;
      if (data.apiVersion === 'v1') {
        await ctx.http.request(request); // v1 answers no amount
        return { refundedAmount: undefined };
      }
      const res = await ctx.http.request({ ...request, schema: refundV2ResponseSchema });
      return { refundedAmount: res.body.refundedAmount };
    },
  };
}
