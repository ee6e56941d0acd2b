/**
 * Every error paywire throws on purpose is a {@link PaywireError} with a stable `code`.
 * Misuse of the API (a wrong argument type in code) throws a plain `TypeError` instead.
 *
 * @example
 * ```ts
 * try { await paywire.waylet.startPayment(input) }
 * catch (err) {
 *   if (isPaywireError(err)) switch (err.code) {
 *     case 'ERR_PROVIDER_TIMEOUT': // the payment may exist: check before retrying
 *     case 'ERR_PROVIDER_API': console.log(err.status, err.body)
 *   }
 * }
 * ```
 * @module
 */

/** The stable error codes. New codes may be added in minor versions; existing ones never change meaning. */
export const ERROR_CODES = [
  'ERR_CONFIG_INVALID',
  'ERR_INPUT_INVALID',
  'ERR_SIGNATURE_INVALID',
  'ERR_PAYLOAD_INVALID',
  'ERR_BODY_ALREADY_PARSED',
  'ERR_BODY_TOO_LARGE',
  'ERR_UNSUPPORTED_MEDIA_TYPE',
  'ERR_METHOD_NOT_ALLOWED',
  'ERR_PROVIDER_NOT_CONFIGURED',
  'ERR_WEBHOOK_UNAUTHORIZED',
  'ERR_WEBHOOK_FORBIDDEN',
  'ERR_EVENT_IN_PROGRESS',
  'ERR_HANDLER_FAILED',
  'ERR_PROVIDER_API',
  'ERR_PROVIDER_TIMEOUT',
  'ERR_PROVIDER_UNREACHABLE',
  'ERR_PROVIDER_RESPONSE_INVALID',
  'ERR_PROVIDER_AUTH',
  'ERR_SESSION_UNKNOWN',
  'ERR_TOKEN_EXPIRED',
  'ERR_TOKEN_ALGORITHM',
  'ERR_PAYMENT_MISMATCH',
  'ERR_PAYMENT_UNKNOWN',
  'ERR_STORE_UNAVAILABLE',
  'ERR_HANDLER_TIMEOUT',
] as const;

/** Union of every stable error code; `switch (err.code)` narrows on it. */
export type PaywireErrorCode = (typeof ERROR_CODES)[number];

/** Options accepted by {@link PaywireError}'s constructor. */
export interface PaywireErrorOptions {
  /** The underlying error, kept for debugging (never printed with secrets). */
  cause?: unknown;
  /** Which provider the error concerns, when one does. */
  provider?: string;
  /** The HTTP status a webhook endpoint should answer with for this error. */
  httpStatus?: number;
  /** The offending field or option path, e.g. `providers.waylet.secret`. */
  field?: string;
  /** Extra structured, secret-free details. */
  details?: Record<string, unknown>;
}

const DEFAULT_HTTP_STATUS: Partial<Record<PaywireErrorCode, number>> = {
  ERR_INPUT_INVALID: 400,
  ERR_PAYLOAD_INVALID: 400,
  ERR_BODY_ALREADY_PARSED: 400,
  ERR_SIGNATURE_INVALID: 401,
  ERR_WEBHOOK_UNAUTHORIZED: 401,
  ERR_SESSION_UNKNOWN: 401,
  ERR_TOKEN_EXPIRED: 401,
  ERR_TOKEN_ALGORITHM: 401,
  ERR_WEBHOOK_FORBIDDEN: 403,
  ERR_PROVIDER_NOT_CONFIGURED: 404,
  ERR_EVENT_IN_PROGRESS: 409,
  ERR_BODY_TOO_LARGE: 413,
  ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_METHOD_NOT_ALLOWED: 405,
  ERR_PAYMENT_MISMATCH: 422,
  ERR_PAYMENT_UNKNOWN: 401,
  ERR_STORE_UNAVAILABLE: 503,
  ERR_HANDLER_TIMEOUT: 500,
};

/**
 * The base class of every paywire error.
 *
 * @typeParam C - the error code; narrows when you `switch` on `err.code`.
 * @example
 * ```ts
 * throw new PaywireError('ERR_CONFIG_INVALID', 'providers.waylet.secret: must not be empty', { field: 'providers.waylet.secret' });
 * ```
 */
export class PaywireError<C extends PaywireErrorCode = PaywireErrorCode> extends Error {
  /** Stable machine-readable code. */
  readonly code: C;
  /** Provider concerned, if any. */
  readonly provider: string | undefined;
  /** The HTTP status a webhook endpoint answers for this error (500 when not a client mistake). */
  readonly httpStatus: number;
  /** Offending field or option path, if any. */
  readonly field: string | undefined;
  /** Secret-free structured details. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: C, message: string, options: PaywireErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PaywireError';
    this.code = code;
    this.provider = options.provider;
    this.field = options.field;
    this.details = options.details;
    this.httpStatus = options.httpStatus ?? DEFAULT_HTTP_STATUS[code] ?? 500;
  }
}

/** Options for {@link ProviderApiError}. */
export interface ProviderApiErrorOptions extends PaywireErrorOptions {
  provider: string;
  /** HTTP status the provider answered. */
  status: number;
  /** The provider's parsed response body (JSON when it was JSON, else text), secrets redacted. */
  body: unknown;
}

/**
 * The provider answered with an error status (`ERR_PROVIDER_API`).
 *
 * @example
 * ```ts
 * if (err instanceof ProviderApiError && err.status === 400) console.log(err.body)
 * ```
 */
export class ProviderApiError extends PaywireError<'ERR_PROVIDER_API'> {
  /** HTTP status the provider answered. */
  readonly status: number;
  /** The provider's parsed response body. */
  readonly body: unknown;
  /** Narrowed: always set. */
  declare readonly provider: string;

  constructor(message: string, options: ProviderApiErrorOptions) {
    super('ERR_PROVIDER_API', message, { ...options, httpStatus: 502 });
    this.name = 'ProviderApiError';
    this.status = options.status;
    this.body = options.body;
  }
}

/**
 * True when `value` is a {@link PaywireError}, optionally with the given code.
 *
 * @example
 * ```ts
 * if (isPaywireError(err, 'ERR_SIGNATURE_INVALID')) res.status(401)
 * ```
 */
export function isPaywireError<C extends PaywireErrorCode>(value: unknown, code?: C): value is PaywireError<C> {
  return value instanceof PaywireError && (code === undefined || value.code === code);
}
