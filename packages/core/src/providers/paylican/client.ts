import { ProviderApiError, paywireError } from '../../errors.js';
import { parseInput } from '../../lib/config.js';
import type { ProviderContext } from '../types.js';
import { paylicanAmountJson } from './amount.js';
import type { PaylicanConfig } from './config.js';
import { paymentRedirectUrl, type PaylicanRedirectOptions, type PaylicanRedirectTarget } from './redirect.js';
import { createPaymentInputSchema, createPaymentResponseSchema, type CreatePaymentInput } from './schemas.js';
import { createTokenManager } from './token.js';

/** What `createPayment` returns. */
export interface PaylicanPaymentCreated {
  /** Paylican's invoice id (the webhook's `data.id`). */
  invoiceId: string;
  merchantReference: string;
  /** Where to send the customer to pay (see {@link PaylicanClient.paymentRedirectUrl}). */
  redirectUrl: string;
}

/** The Paylican API client: `paywire.paylican`. Tokens are obtained, cached and renewed for you. */
export interface PaylicanClient {
  /**
   * Creates a payment (`POST {paymentUrl}/api/v1/payment`) and returns the invoice id and the payment-page URL.
   * A 401 from the API triggers one re-authentication and one retry.
   * @example
   * ```ts
   * const { invoiceId, redirectUrl } = await paywire.paylican.createPayment({
   *   amount: '5100.00', type: 'XYZ', customerCode: 'ABC123', merchantReference: 'REF-1234',
   *   redirectionUrl: 'https://shop.example.com/paid', itemName: 'Item name', beneficiaryCode: '20',
   * })
   * res.redirect(redirectUrl)
   * ```
   * @throws PaywireError `ERR_INPUT_INVALID` (before any request); `ERR_PROVIDER_AUTH` (no token, or a fresh
   *   token refused); `ProviderApiError`; `ERR_PROVIDER_TIMEOUT` (never retried: the payment may exist).
   */
  createPayment(input: CreatePaymentInput): Promise<PaylicanPaymentCreated>;
  /**
   * The payment-page URL for an invoice (Keycloak login redirecting to
   * `{paymentUrl}/api/v1/pay/{type}/{merchantReference}/{invoiceId}`).
   * @example
   * ```ts
   * const url = paywire.paylican.paymentRedirectUrl({
   *   type: 'XYZ',
   *   merchantReference: 'REF-1234',
   *   invoiceId: 'XYZ2024-ade08',
   * })
   * ```
   * @throws TypeError when a field is empty.
   */
  paymentRedirectUrl(target: PaylicanRedirectTarget, options?: PaylicanRedirectOptions): string;
  /**
   * Voids an invoice (`PATCH {invoiceSystemUrl}/{invoiceId}/void`).
   * @example
   * ```ts
   * await paywire.paylican.voidInvoice('XYZ2024-ade08')
   * ```
   * @throws PaywireError `ERR_CONFIG_INVALID` when `invoiceSystemUrl` is not configured; `ERR_INPUT_INVALID`;
   *   `ERR_PROVIDER_AUTH`; `ProviderApiError`.
   */
  voidInvoice(invoiceId: string): Promise<void>;
}

/** Builds the Paylican client. Internal: reach it as `paywire.paylican`. */
export function createPaylicanClient(config: PaylicanConfig, ctx: ProviderContext): PaylicanClient {
  const tokens = createTokenManager(config, ctx);
  const redirectConfig = {
    keycloakUrl: config.keycloakUrl,
    realm: config.realm,
    paymentUrl: config.paymentUrl,
    clientId: config.redirectClientId,
  };

  /** Runs `call` with a token; on 401, re-authenticates once and retries once. */
  async function withToken<T>(operation: string, call: (headers: Record<string, string>) => Promise<T>): Promise<T> {
    const first = await tokens.get();
    try {
      return await call({ authorization: `Bearer ${first}` });
    } catch (err) {
      if (!(err instanceof ProviderApiError && err.status === 401)) throw err;
      tokens.invalidate(first);
      ctx.logger.info(`paylican ${operation}: the API refused the access token (401); re-authenticating once`);
    }
    const second = await tokens.get();
    try {
      return await call({ authorization: `Bearer ${second}` });
    } catch (err) {
      if (!(err instanceof ProviderApiError && err.status === 401)) throw err;
      tokens.invalidate(second);
      throw paywireError(
        'ERR_PROVIDER_AUTH',
        `paylican ${operation}: the API refused a freshly issued access token (HTTP 401); check the user's roles and clientId`,
        {
          provider: 'paylican',
          httpStatus: 502,
          cause: err,
          details: { operation, status: 401 },
        },
      );
    }
  }

  const parsePayment = (input: unknown) => parseInput(createPaymentInputSchema, input, 'paylican', 'createPayment');

  return {
    async createPayment(input) {
      const data = parsePayment(input);
      const json = { ...data, amount: paylicanAmountJson(data.amount) };
      const res = await withToken('createPayment', (headers) =>
        ctx.http.request({
          provider: 'paylican',
          operation: 'createPayment',
          method: 'POST',
          url: `${config.paymentUrl}/api/v1/payment`,
          headers,
          json,
          schema: createPaymentResponseSchema,
        }),
      );
      const merchantReference = res.body.merchantReference ?? data.merchantReference;
      await ctx.ledger.recordStart({
        paymentId: merchantReference,
        providerPaymentId: res.body.invoiceId,
        amount: { value: String(data.amount), unit: 'major' },
      });
      const redirectUrl = paymentRedirectUrl(
        redirectConfig,
        { type: data.type, merchantReference, invoiceId: res.body.invoiceId },
        { oidcParams: config.redirectOidcParams },
      );
      return { invoiceId: res.body.invoiceId, merchantReference, redirectUrl };
    },
    paymentRedirectUrl(target, options) {
      return paymentRedirectUrl(redirectConfig, target, {
        oidcParams: options?.oidcParams ?? config.redirectOidcParams,
      });
    },
    async voidInvoice(invoiceId) {
      if (!config.invoiceSystemUrl) {
        throw paywireError(
          'ERR_CONFIG_INVALID',
          'paylican voidInvoice: set providers.paylican.invoiceSystemUrl (the Invoice System base URL) to void invoices',
          { provider: 'paylican', field: 'providers.paylican.invoiceSystemUrl' },
        );
      }
      if (typeof invoiceId !== 'string' || invoiceId === '')
        throw paywireError('ERR_INPUT_INVALID', 'paylican voidInvoice: invoiceId: must be a non-empty string', {
          provider: 'paylican',
          field: 'invoiceId',
        });
      const url = `${config.invoiceSystemUrl}/${encodeURIComponent(invoiceId)}/void`;
      await withToken('voidInvoice', (headers) =>
        ctx.http.request({ provider: 'paylican', operation: 'voidInvoice', method: 'PATCH', url, headers }),
      );
    },
  };
}
