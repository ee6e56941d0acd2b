/**
 * Every error paywire throws on purpose is a {@link PaywireError} with a stable `code`, in the class of its
 * family: {@link ConfigError}, {@link InputError}, {@link WebhookError}, {@link ProviderApiError},
 * {@link ProviderCallError}, {@link StoreError}. `switch (err.code)` on an {@link AnyPaywireError} narrows to
 * the family's class and its fields; so does `isPaywireError(err, code)`.
 * Misuse of the API (a wrong argument type in code) throws a plain `TypeError` instead.
 *
 * @example
 * ```ts
 * import { isPaywireError } from '@paywire/core';
 *
 * export function describe(err: unknown): string {
 *   if (!isPaywireError(err)) return 'not a paywire error';
 *   switch (err.code) {
 *     case 'ERR_PROVIDER_TIMEOUT':
 *       return 'the payment may exist: check before retrying';
 *     case 'ERR_PROVIDER_API':
 *       return `the provider answered ${err.status}`; // err is a ProviderApiError here
 *     default:
 *       return `${err.code} (${err.httpStatus})`;
 *   }
 * }
 * ```
 * @module
 */

/** Codes of {@link ConfigError}: paywire's or a provider's options are wrong, or a provider is not configured. */
export const CONFIG_ERROR_CODES = ['ERR_CONFIG_INVALID', 'ERR_PROVIDER_NOT_CONFIGURED'] as const;
/** Codes of {@link InputError}: an argument of an API client call is invalid (checked before sending). */
export const INPUT_ERROR_CODES = ['ERR_INPUT_INVALID'] as const;
/** Codes of {@link WebhookError}: a delivery was refused, or could not be processed now. */
export const WEBHOOK_ERROR_CODES = [
  'ERR_SIGNATURE_INVALID',
  'ERR_PAYLOAD_INVALID',
  'ERR_BODY_ALREADY_PARSED',
  'ERR_BODY_TOO_LARGE',
  'ERR_UNSUPPORTED_MEDIA_TYPE',
  'ERR_METHOD_NOT_ALLOWED',
  'ERR_WEBHOOK_UNAUTHORIZED',
  'ERR_WEBHOOK_FORBIDDEN',
  'ERR_EVENT_IN_PROGRESS',
  'ERR_HANDLER_FAILED',
  'ERR_SESSION_UNKNOWN',
  'ERR_TOKEN_EXPIRED',
  'ERR_TOKEN_ALGORITHM',
  'ERR_PAYMENT_MISMATCH',
  'ERR_PAYMENT_UNKNOWN',
  'ERR_HANDLER_TIMEOUT',
  'ERR_INTERNAL',
] as const;
/** Codes of {@link ProviderCallError}: a provider API call failed before a usable answer arrived. */
export const PROVIDER_CALL_ERROR_CODES = [
  'ERR_PROVIDER_TIMEOUT',
  'ERR_PROVIDER_UNREACHABLE',
  'ERR_PROVIDER_RESPONSE_INVALID',
  'ERR_PROVIDER_AUTH',
] as const;
/** Codes of {@link StoreError}: the store's backend could not be reached (retryable). */
export const STORE_ERROR_CODES = ['ERR_STORE_UNAVAILABLE'] as const;

/** The stable error codes. New codes may be added in minor versions; existing ones never change meaning. */
export const ERROR_CODES = [
  ...CONFIG_ERROR_CODES,
  ...INPUT_ERROR_CODES,
  ...WEBHOOK_ERROR_CODES,
  'ERR_PROVIDER_API',
  ...PROVIDER_CALL_ERROR_CODES,
  ...STORE_ERROR_CODES,
] as const;

/** A code of {@link ConfigError}. */
export type ConfigErrorCode = (typeof CONFIG_ERROR_CODES)[number];
/** A code of {@link InputError}. */
export type InputErrorCode = (typeof INPUT_ERROR_CODES)[number];
/** A code of {@link WebhookError}. */
export type WebhookErrorCode = (typeof WEBHOOK_ERROR_CODES)[number];
/** A code of {@link ProviderCallError}. */
export type ProviderCallErrorCode = (typeof PROVIDER_CALL_ERROR_CODES)[number];
/** A code of {@link StoreError}. */
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];
/** Union of every stable error code. */
export type PaywireErrorCode = (typeof ERROR_CODES)[number];

/** Options accepted by the error classes' constructors. */
export interface PaywireErrorOptions {
  /** The underlying error, kept for debugging (never printed with secrets). */
  cause?: unknown;
  /** Which provider the error concerns, when one does. */
  provider?: string;
  /** The HTTP status a webhook endpoint should answer with for this error. @default by code, else 500 */
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
 * The base class of every paywire error; catch it with `instanceof PaywireError` or {@link isPaywireError}.
 * paywire throws only its subclasses (one per family), so the class always matches the code.
 *
 * @typeParam C - the error code.
 */
export abstract class PaywireError<C extends PaywireErrorCode = PaywireErrorCode> extends Error {
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

  protected constructor(code: C, message: string, options: PaywireErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.provider = options.provider;
    this.field = options.field;
    this.details = options.details;
    this.httpStatus = options.httpStatus ?? DEFAULT_HTTP_STATUS[code] ?? 500;
  }
}

/**
 * paywire's or a provider's options are invalid (`ERR_CONFIG_INVALID`, with `field`), or a delivery or call
 * names a provider that is not configured (`ERR_PROVIDER_NOT_CONFIGURED`).
 *
 * @example
 * ```ts
 * import { ConfigError } from '@paywire/core';
 * const err = new ConfigError('ERR_CONFIG_INVALID', 'providers.waylet.secret: must not be empty', {
 *   field: 'providers.waylet.secret',
 * });
 * ```
 */
export class ConfigError<C extends ConfigErrorCode = ConfigErrorCode> extends PaywireError<C> {
  constructor(code: C, message: string, options?: PaywireErrorOptions) {
    super(code, message, options);
  }
}

/**
 * An argument of an API client call is invalid (`ERR_INPUT_INVALID`); `field` names it. Nothing was sent.
 *
 * @example
 * ```ts
 * import { InputError } from '@paywire/core';
 * const err = new InputError('ERR_INPUT_INVALID', 'amount: must be a positive integer', { field: 'amount' });
 * ```
 */
export class InputError<C extends InputErrorCode = InputErrorCode> extends PaywireError<C> {
  constructor(code: C, message: string, options?: PaywireErrorOptions) {
    super(code, message, options);
  }
}

/**
 * A webhook delivery was refused or could not be processed now; `httpStatus` is what the endpoint answers
 * (4xx for the sender's mistake, 409 in progress, 500 handler failed).
 *
 * @example
 * ```ts
 * import { WebhookError } from '@paywire/core';
 * const err = new WebhookError('ERR_SIGNATURE_INVALID', 'waylet callback: the signature does not match', {
 *   provider: 'waylet',
 * });
 * console.log(err.httpStatus); // 401
 * ```
 */
export class WebhookError<C extends WebhookErrorCode = WebhookErrorCode> extends PaywireError<C> {
  constructor(code: C, message: string, options?: PaywireErrorOptions) {
    super(code, message, options);
  }
}

/**
 * A provider API call failed without a usable answer: timed out (`ERR_PROVIDER_TIMEOUT`: the operation may
 * have happened), unreachable, answered something that is not the documented shape, or refused our credentials.
 *
 * @example
 * ```ts
 * import { ProviderCallError } from '@paywire/core';
 * const err = new ProviderCallError('ERR_PROVIDER_TIMEOUT', 'waylet did not answer in 10000 ms', {
 *   provider: 'waylet',
 * });
 * ```
 */
export class ProviderCallError<C extends ProviderCallErrorCode = ProviderCallErrorCode> extends PaywireError<C> {
  /** Narrowed: always set. */
  declare readonly provider: string;
  constructor(code: C, message: string, options: PaywireErrorOptions & { provider: string }) {
    super(code, message, options);
  }
}

/**
 * The store's backend could not be reached (`ERR_STORE_UNAVAILABLE`): retryable, never fatal. A webhook
 * delivery answers 503 with `Retry-After`, and nothing is marked done. Throw it from a custom store.
 *
 * @example
 * ```ts
 * import { StoreError } from '@paywire/core';
 * const err = new StoreError('ERR_STORE_UNAVAILABLE', 'redis: connection refused');
 * ```
 */
export class StoreError<C extends StoreErrorCode = StoreErrorCode> extends PaywireError<C> {
  constructor(code: C, message: string, options?: PaywireErrorOptions) {
    super(code, message, options);
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
 * import { ProviderApiError } from '@paywire/core';
 * export const isClientMistake = (err: unknown) => err instanceof ProviderApiError && err.status < 500;
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
    super('ERR_PROVIDER_API', message, { httpStatus: 502, ...options });
    this.status = options.status;
    this.body = options.body;
  }
}

/** Every paywire error, as a union of the family classes: `switch (err.code)` narrows to the class. */
export type AnyPaywireError =
  ConfigError | InputError | WebhookError | ProviderApiError | ProviderCallError | StoreError;

/** The class paywire throws for code `C`. */
export type PaywireErrorFor<C extends PaywireErrorCode> = C extends ConfigErrorCode
  ? ConfigError<C>
  : C extends InputErrorCode
    ? InputError<C>
    : C extends WebhookErrorCode
      ? WebhookError<C>
      : C extends ProviderCallErrorCode
        ? ProviderCallError<C>
        : C extends StoreErrorCode
          ? StoreError<C>
          : ProviderApiError;

const has = <T extends string>(list: readonly T[], code: string): code is T =>
  (list as readonly string[]).includes(code);

/**
 * Creates the error of `code`'s family (internal: paywire's own code throws through it, so the class always
 * matches the code). `ERR_PROVIDER_API` needs {@link ProviderApiError}'s constructor.
 * @internal
 */
export function paywireError<C extends Exclude<PaywireErrorCode, 'ERR_PROVIDER_API'>>(
  code: C,
  message: string,
  options: PaywireErrorOptions = {},
): PaywireErrorFor<C> {
  if (has(CONFIG_ERROR_CODES, code)) return new ConfigError(code, message, options) as PaywireErrorFor<C>;
  if (has(INPUT_ERROR_CODES, code)) return new InputError(code, message, options) as PaywireErrorFor<C>;
  if (has(WEBHOOK_ERROR_CODES, code)) return new WebhookError(code, message, options) as PaywireErrorFor<C>;
  if (has(STORE_ERROR_CODES, code)) return new StoreError(code, message, options) as PaywireErrorFor<C>;
  if (has(PROVIDER_CALL_ERROR_CODES, code)) {
    return new ProviderCallError(code, message, { provider: 'unknown', ...options }) as PaywireErrorFor<C>;
  }
  throw new TypeError(`paywireError: unknown code ${String(code)}`);
}

/**
 * True when `value` is a paywire error, optionally with the given code; narrows to that code's class
 * (`isPaywireError(err, 'ERR_PROVIDER_API')` gives a {@link ProviderApiError} with `status` and `body`).
 *
 * @example
 * ```ts
 * import { isPaywireError } from '@paywire/core';
 * export const providerStatus = (err: unknown) => (isPaywireError(err, 'ERR_PROVIDER_API') ? err.status : undefined);
 * ```
 */
export function isPaywireError(value: unknown): value is AnyPaywireError;
export function isPaywireError<C extends PaywireErrorCode>(value: unknown, code: C): value is PaywireErrorFor<C>;
export function isPaywireError(value: unknown, code?: PaywireErrorCode): boolean {
  return value instanceof PaywireError && (code === undefined || value.code === code);
}
