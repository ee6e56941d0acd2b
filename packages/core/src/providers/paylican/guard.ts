import { BlockList, isIP } from 'node:net';
import type { PaywireError } from '../../errors.js';
import { paywireError } from '../../errors.js';
import { safeEqual } from '../../lib/crypto.js';
import type { WebhookInput } from '../types.js';
import type { PaylicanWebhookAuth } from './config.js';

/** The parts of a delivery the guard looks at. */
export type PaylicanGuardInput = Pick<WebhookInput, 'headers' | 'query' | 'path' | 'remoteAddress'>;

/** Removes brackets, a port, an IPv6 zone, and the `::ffff:` prefix of IPv4-mapped addresses. */
export function normalizeAddress(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let a = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1] as string;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  a = a.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(a);
  if (mapped) a = mapped[1] as string;
  return isIP(a) === 0 ? undefined : a;
}

/**
 * The client address the allow-list checks: the TCP peer, or with `trustProxy` an `X-Forwarded-For` entry
 * (`true`: the leftmost; `n`: the address `n` proxy hops in front of this server).
 */
export function clientAddress(
  input: Pick<WebhookInput, 'headers' | 'remoteAddress'>,
  trustProxy: boolean | number,
): string | undefined {
  const forwarded = (input.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (trustProxy === false || forwarded.length === 0) return normalizeAddress(input.remoteAddress);
  if (trustProxy === true) return normalizeAddress(forwarded[0]);
  const chain = [input.remoteAddress, ...forwarded.reverse()];
  return normalizeAddress(chain[Math.min(trustProxy, chain.length - 1)]);
}

function buildAllowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [rawAddress = '', prefix] = entry.split('/');
    const address = prefix === undefined ? (normalizeAddress(rawAddress) ?? rawAddress) : rawAddress;
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

function unauthorized(message: string): PaywireError<'ERR_WEBHOOK_UNAUTHORIZED'> {
  return paywireError('ERR_WEBHOOK_UNAUTHORIZED', `paylican webhook: ${message}`, { provider: 'paylican' });
}

function tokenMatches(input: PaylicanGuardInput, auth: PaylicanWebhookAuth, token: string): boolean {
  if (auth.tokenIn === 'query') {
    const values = input.query.getAll(auth.queryParam);
    return values.length === 1 && safeEqual(values[0] as string, token);
  }
  let segment = input.path.replace(/^\/+|\/+$/g, '');
  try {
    segment = decodeURIComponent(segment);
  } catch {
    return false;
  }
  return safeEqual(segment, token);
}

function basicMatches(header: string | undefined, expected: { username: string; password: string }): boolean {
  const match = /^basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const userOk = safeEqual(decoded.slice(0, colon), expected.username);
  const passOk = safeEqual(decoded.slice(colon + 1), expected.password);
  return userOk && passOk;
}

/**
 * Builds the check every Paylican delivery passes before its body is looked at: the IP allow-list, the URL
 * token and HTTP Basic credentials, each when configured (all configured guards must pass).
 *
 * @example
 * ```ts
 * import { createWebhookGuard } from '@paywire/core/paylican'
 * declare const headers: Record<string, string | undefined>, remoteAddress: string | undefined
 * const guard = createWebhookGuard({
 *   token: process.env.PAYLICAN_WEBHOOK_TOKEN!,
 *   tokenIn: 'query',
 *   queryParam: 'token',
 *   trustProxy: false,
 * })
 * guard({ headers, query: new URLSearchParams(req.url.split('?')[1]), path: '', remoteAddress })
 * ```
 * @throws PaywireError `ERR_WEBHOOK_FORBIDDEN` (403) when the address is not allowed; `ERR_WEBHOOK_UNAUTHORIZED`
 *   (401) when the token or the credentials are missing or wrong.
 */
export function createWebhookGuard(auth: PaylicanWebhookAuth): (input: PaylicanGuardInput) => void {
  const allowList = auth.allowIps ? buildAllowList(auth.allowIps) : undefined;
  return (input) => {
    if (allowList) {
      const address = clientAddress(input, auth.trustProxy);
      const allowed = address !== undefined && allowList.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
      if (!allowed) {
        throw paywireError(
          'ERR_WEBHOOK_FORBIDDEN',
          `paylican webhook: the client address ${address ?? '(unknown)'} is not in webhookAuth.allowIps`,
          { provider: 'paylican' },
        );
      }
    }
    if (auth.token !== undefined && !tokenMatches(input, auth, auth.token)) {
      throw unauthorized(
        auth.tokenIn === 'query'
          ? `missing or wrong token in the "${auth.queryParam}" query parameter`
          : 'missing or wrong token in the URL path',
      );
    }
    if (auth.basic && !basicMatches(input.headers.authorization, auth.basic)) {
      throw unauthorized('missing or wrong HTTP Basic credentials');
    }
  };
}
