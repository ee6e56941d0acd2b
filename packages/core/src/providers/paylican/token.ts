import type { PaywireError } from '../../errors.js';
import { ProviderApiError, isPaywireError, paywireError } from '../../errors.js';
import type { ProviderContext } from '../types.js';
import type { PaylicanConfig } from './config.js';
import { tokenResponseSchema, type TokenResponse } from './schemas.js';

/** Keycloak access tokens for the Paylican API. Internal. */
export interface PaylicanTokenManager {
  /** A valid access token: the cached one, or a new one fetched once for every concurrent caller. */
  get(): Promise<string>;
  /** Forgets `token` if it is still the cached one (the API refused it); the refresh token is kept. */
  invalidate(token: string): void;
}

interface CachedToken {
  accessToken: string;
  /** Clock time after which the access token is renewed (already shortened by the skew). */
  renewAt: number;
  refreshToken: string | undefined;
  /** Clock time after which the refresh token is not tried; undefined when it has no timer. */
  refreshUntil: number | undefined;
}

type Form = Record<string, string>;

/** Why the token step failed, for `err.details.reason`. */
function reasonOf(err: unknown): string {
  if (err instanceof ProviderApiError) return err.status >= 500 ? 'unavailable' : 'rejected';
  if (isPaywireError(err, 'ERR_PROVIDER_UNREACHABLE')) return 'unreachable';
  if (isPaywireError(err, 'ERR_PROVIDER_TIMEOUT')) return 'timeout';
  if (isPaywireError(err, 'ERR_PROVIDER_RESPONSE_INVALID')) return 'invalid_response';
  return 'failed';
}

/** Wraps any failure of the token request into `ERR_PROVIDER_AUTH` (the message names no credential). */
function authError(err: unknown, operation: string): PaywireError<'ERR_PROVIDER_AUTH'> {
  const reason = reasonOf(err);
  const status = err instanceof ProviderApiError ? err.status : undefined;
  const keycloakError =
    err instanceof ProviderApiError && typeof (err.body as { error?: unknown })?.error === 'string'
      ? (err.body as { error: string }).error
      : undefined;
  const what = status === undefined ? reason : `HTTP ${status}${keycloakError ? ` ${keycloakError}` : ''}`;
  const hint = reason === 'rejected' ? ' (check username, password and clientId)' : '';
  return paywireError(
    'ERR_PROVIDER_AUTH',
    `paylican ${operation}: Keycloak did not issue an access token: ${what}${hint}`,
    {
      provider: 'paylican',
      httpStatus: 502,
      cause: err,
      details: {
        operation,
        reason,
        ...(status !== undefined ? { status } : {}),
        ...(keycloakError ? { keycloakError } : {}),
      },
    },
  );
}

/**
 * Creates the token manager: password grant, cached until `tokenRenewSkewMs` before `expires_in` (at most half
 * the lifetime early), renewed with the refresh token when one was issued (falling back to the password grant),
 * one in-flight request shared by concurrent callers. Internal.
 */
export function createTokenManager(
  config: PaylicanConfig,
  ctx: Pick<ProviderContext, 'http' | 'clock' | 'logger' | 'redact'>,
): PaylicanTokenManager {
  let cached: CachedToken | undefined;
  let inflight: Promise<string> | undefined;

  async function grant(form: Form, operation: string): Promise<TokenResponse> {
    try {
      const res = await ctx.http.request({
        provider: 'paylican',
        operation,
        method: 'POST',
        url: config.tokenUrl,
        form,
        schema: tokenResponseSchema,
      });
      // registered the moment they are seen: an API or proxy that echoes `Authorization` must not leak them
      ctx.redact.addRuntime(res.body.access_token);
      ctx.redact.addRuntime(res.body.refresh_token);
      return res.body;
    } catch (err) {
      throw authError(err, operation);
    }
  }

  function remember(res: TokenResponse, issuedAt: number): void {
    const lifeMs = res.expires_in * 1000;
    const skew = (ms: number) => Math.min(config.tokenRenewSkewMs, ms / 2);
    const refreshMs = res.refresh_expires_in ? res.refresh_expires_in * 1000 : undefined;
    cached = {
      accessToken: res.access_token,
      renewAt: issuedAt + lifeMs - skew(lifeMs),
      refreshToken: res.refresh_token,
      refreshUntil: refreshMs === undefined ? undefined : issuedAt + refreshMs - skew(refreshMs),
    };
  }

  async function obtain(): Promise<string> {
    const startedAt = ctx.clock.now();
    const previous = cached;
    let res: TokenResponse | undefined;
    if (previous?.refreshToken && (previous.refreshUntil === undefined || startedAt < previous.refreshUntil)) {
      try {
        res = await grant(
          { grant_type: 'refresh_token', refresh_token: previous.refreshToken, client_id: config.clientId },
          'refreshToken',
        );
      } catch (err) {
        ctx.logger.info('paylican: the refresh token was not accepted; using the password grant', {
          reason: (err as PaywireError).details?.reason,
        });
      }
    }
    res ??= await grant(
      { username: config.username, password: config.password, grant_type: 'password', client_id: config.clientId },
      'passwordGrant',
    );
    remember(res, startedAt);
    return res.access_token;
  }

  return {
    get() {
      if (cached && ctx.clock.now() < cached.renewAt) return Promise.resolve(cached.accessToken);
      inflight ??= obtain().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate(token) {
      if (cached?.accessToken === token) cached = { ...cached, renewAt: Number.NEGATIVE_INFINITY };
    },
  };
}
