import type { z } from 'zod';
import { parseInput } from '../../lib/config.js';
import type { ProviderContext } from '../types.js';
import type { EtpayConfig } from './config.js';
import {
  checkPaymentStatusInputSchema,
  checkPaymentStatusResponseSchema,
  initializeSessionInputSchema,
  initializeSessionResponseSchema,
  type CheckPaymentStatusInput,
  type InitializeSessionInput,
} from './schemas.js';
import { saveEtpaySession } from './sessions.js';

/**
 * A session ETpay opened: send the customer to `redirectUrl`. It holds no secret, so it may be returned to a
 * browser as is. The session's signature token is stored by paywire and left out (see
 * {@link InitializeSessionOptions.includeSignatureToken}).
 */
export interface EtpaySession {
  sessionToken: string;
  /** `{pmtUrl}/session/{sessionToken}`. */
  redirectUrl: string;
}

/** A session with its signature token: only from `initializeSession(input, { includeSignatureToken: true })`. */
export interface EtpaySessionWithSignatureToken extends EtpaySession {
  /**
   * The HMAC key of this session's notification. Anyone holding it and the session token can sign a `success`
   * notification: never send it to a browser or log it. paywire already stored it.
   */
  signatureToken: string;
}

/** Options of `initializeSession`. */
export interface InitializeSessionOptions {
  /**
   * Also return the session's signature token (the key that signs its notification), e.g. to keep it in your own
   * database. paywire already stores it, so you rarely need this. @default false
   */
  includeSignatureToken?: boolean;
}

/** ETpay's answer to `check_payment_status`, with the fields paywire can read named. */
export interface EtpayPaymentStatus {
  /** `payment_status` (or `status`) as ETpay wrote it; `"success"` when paid. */
  paymentStatus: string;
  merchantOrderId: string | undefined;
  sessionToken: string | undefined;
  paymentToken: string | undefined;
  /** `order_amount` as text, when present. */
  orderAmount: string | undefined;
  /** The whole answer (its shape is not published). */
  raw: Record<string, unknown>;
}

/** The ETpay API client: `paywire.etpay`. */
export interface EtpayClient {
  /**
   * Opens a payment session (`POST {apiUrl}/session/initialize`), stores its signature token under
   * `etpay:session:<sessionToken>` for `sessionTtlMs`, and returns where to send the customer. The signature
   * token is not returned unless `{ includeSignatureToken: true }` is passed: with it and the session token anyone
   * can forge a `success` notification, so the default result is safe to hand to a browser.
   * @example
   * ```ts
   * const { redirectUrl } = await paywire.etpay.initializeSession({ merchantOrderId: 'A1001', orderAmount: 15990 })
   * res.redirect(303, redirectUrl)
   * ```
   * @throws PaywireError `ERR_INPUT_INVALID` naming the field; `ProviderApiError`; `ERR_PROVIDER_TIMEOUT`;
   *   `ERR_PROVIDER_RESPONSE_INVALID` (no `token`/`session_token` or no `signature_token`). A store failure propagates.
   */
  initializeSession(
    input: InitializeSessionInput,
    options?: InitializeSessionOptions & { includeSignatureToken?: false },
  ): Promise<EtpaySession>;
  initializeSession(
    input: InitializeSessionInput,
    options: InitializeSessionOptions & { includeSignatureToken: true },
  ): Promise<EtpaySessionWithSignatureToken>;
  initializeSession(
    input: InitializeSessionInput,
    options?: InitializeSessionOptions,
  ): Promise<EtpaySession | EtpaySessionWithSignatureToken>;
  /**
   * The payment page of a session: `{pmtUrl}/session/{sessionToken}`.
   * @example
   * ```ts
   * paywire.etpay.redirectUrl(sessionToken)
   * ```
   * @throws TypeError when `sessionToken` is empty.
   */
  redirectUrl(sessionToken: string): string;
  /**
   * Asks ETpay for a payment's status (`POST {apiUrl}/merchant/check_payment_status`) by exactly one key.
   * @example
   * ```ts
   * const { paymentStatus } = await paywire.etpay.checkPaymentStatus({ merchantOrderId: 'A1001' })
   * ```
   * @throws PaywireError `ERR_INPUT_INVALID`; `ProviderApiError`; `ERR_PROVIDER_TIMEOUT`;
   * `ERR_PROVIDER_RESPONSE_INVALID`.
   */
  checkPaymentStatus(input: CheckPaymentStatusInput): Promise<EtpayPaymentStatus>;
}

/**
 * The payment page URL of a session: `{pmtUrl}/session/{sessionToken}` (the token is URL-encoded).
 *
 * @example
 * ```ts
 * import { sessionRedirectUrl } from '@paywire/core/etpay'
 * sessionRedirectUrl('tok_123', { pmtUrl: 'https://pmt-sandbox.etpay.com' }) // 'https://pmt-sandbox.etpay.com/session/tok_123'
 * ```
 * @throws TypeError when `sessionToken` or `pmtUrl` is empty.
 */
export function sessionRedirectUrl(sessionToken: string, options: { pmtUrl: string }): string {
  if (typeof sessionToken !== 'string' || sessionToken === '')
    throw new TypeError('etpay: sessionToken must be a non-empty string');
  if (typeof options?.pmtUrl !== 'string' || options.pmtUrl === '')
    throw new TypeError('etpay: options.pmtUrl must be a non-empty string');
  return `${options.pmtUrl.replace(/\/+$/, '')}/session/${encodeURIComponent(sessionToken)}`;
}

const parse = <S extends z.ZodType>(schema: S, input: unknown, operation: string): z.output<S> =>
  parseInput(schema, input, 'etpay', operation);

/** Builds the ETpay client. Internal: reach it as `paywire.etpay`. */
export function createEtpayClient(config: EtpayConfig, ctx: ProviderContext): EtpayClient {
  const credentials = { merchant_code: config.merchantCode, merchant_api_token: config.merchantApiToken };
  const redirectUrl = (sessionToken: string) => sessionRedirectUrl(sessionToken, { pmtUrl: config.pmtUrl });

  return {
    async initializeSession(input: InitializeSessionInput, options?: InitializeSessionOptions): Promise<never> {
      const data = parse(initializeSessionInputSchema, input, 'initializeSession');
      const optional = {
        customer_email: data.customerEmail,
        metadata: data.metadata,
        user_bank_code: data.userBankCode,
        user_rut: data.userRut,
        payment_completed_url: data.paymentCompletedUrl ?? config.paymentCompletedUrl,
        payment_cancellation_url: data.paymentCancellationUrl ?? config.paymentCancellationUrl,
        payment_webhook_url: data.paymentWebhookUrl ?? config.paymentWebhookUrl,
      };
      const json = {
        ...credentials,
        merchant_order_id: data.merchantOrderId,
        order_amount: data.orderAmount,
        ...withoutUndefined(optional),
      };
      const res = await ctx.http.request({
        provider: 'etpay',
        operation: 'initializeSession',
        method: 'POST',
        url: `${config.apiUrl}/session/initialize`,
        json,
        schema: initializeSessionResponseSchema,
      });
      const { sessionToken, signatureToken } = res.body;
      ctx.redact.addRuntime(signatureToken);
      await saveEtpaySession(
        ctx.store,
        sessionToken,
        { signatureToken, merchantOrderId: data.merchantOrderId, orderAmount: data.orderAmount },
        config.sessionTtlMs,
      );
      await ctx.ledger.recordStart({
        paymentId: data.merchantOrderId,
        amount: { value: String(data.orderAmount), currency: 'CLP', unit: 'major' },
      });
      const session = { sessionToken, redirectUrl: redirectUrl(sessionToken) };
      return (options?.includeSignatureToken === true ? { ...session, signatureToken } : session) as never;
    },
    redirectUrl,
    async checkPaymentStatus(input) {
      const data = parse(checkPaymentStatusInputSchema, input, 'checkPaymentStatus');
      const key = withoutUndefined({
        merchant_order_id: data.merchantOrderId,
        session_token: data.sessionToken,
        payment_token: data.paymentToken,
      });
      const res = await ctx.http.request({
        provider: 'etpay',
        operation: 'checkPaymentStatus',
        method: 'POST',
        url: `${config.apiUrl}/merchant/check_payment_status`,
        json: { ...credentials, ...key },
        schema: checkPaymentStatusResponseSchema,
      });
      const body = res.body;
      return {
        paymentStatus: (body.payment_status ?? body.status) as string,
        merchantOrderId: body.merchant_order_id === undefined ? undefined : String(body.merchant_order_id),
        sessionToken: body.session_token,
        paymentToken: body.payment_token,
        orderAmount: body.order_amount === undefined ? undefined : String(body.order_amount),
        raw: body,
      };
    },
  };
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
