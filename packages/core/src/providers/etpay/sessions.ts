import { z } from 'zod';
import { paywireError } from '../../errors.js';
import type { PaywireStore } from '../../stores/types.js';

/** What paywire remembers about an ETpay session between `initializeSession` and its notification. */
export interface EtpaySessionRecord {
  /** The per-session HMAC key that signs the notification JWT. */
  signatureToken: string;
  merchantOrderId: string;
  /** Whole CLP. */
  orderAmount: number;
}

const recordSchema = z.object({
  signatureToken: z.string().min(1),
  merchantOrderId: z.string().min(1),
  orderAmount: z.number().int().positive(),
});

/**
 * The store key of a session: `etpay:session:<sessionToken>`. A shared store (Redis…) lets any instance verify
 * a notification for a session another instance created.
 *
 * @example
 * ```ts
 * import { etpaySessionKey } from './sessions.js'
 * etpaySessionKey('abc') // 'etpay:session:abc'
 * ```
 */
export function etpaySessionKey(sessionToken: string): string {
  return `etpay:session:${sessionToken}`;
}

/**
 * Stores a session record for `ttlMs`. Used by `initializeSession`, and by tests or migrations that create
 * sessions some other way.
 *
 * @example
 * ```ts
 * import { saveEtpaySession } from './sessions.js'
 * await saveEtpaySession(store, sessionToken, { signatureToken, merchantOrderId: 'A1', orderAmount: 1000 }, 86_400_000)
 * ```
 */
export async function saveEtpaySession(
  store: PaywireStore,
  sessionToken: string,
  record: EtpaySessionRecord,
  ttlMs: number,
): Promise<void> {
  const value = recordSchema.parse(record);
  await store.set(etpaySessionKey(sessionToken), JSON.stringify(value), ttlMs);
}

/**
 * Loads a session record.
 *
 * @example
 * ```ts
 * import { loadEtpaySession } from './sessions.js'
 * const saved = await loadEtpaySession(store, claims.session_token)
 * ```
 * @throws PaywireError `ERR_SESSION_UNKNOWN` (401) when the store has no readable record for the token: never
 *   created here, expired (`sessionTtlMs`), or created on an instance that does not share this store.
 */
export async function loadEtpaySession(store: PaywireStore, sessionToken: string): Promise<EtpaySessionRecord> {
  const text = await store.get(etpaySessionKey(sessionToken));
  const unknown = (why: string) =>
    paywireError(
      'ERR_SESSION_UNKNOWN',
      `etpay notification: ${why}; was the session created with initializeSession on an instance sharing this store, and within sessionTtlMs?`,
      {
        provider: 'etpay',
      },
    );
  if (text === undefined) throw unknown('no session is stored for this session_token');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw unknown('the stored session record is not JSON');
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) throw unknown('the stored session record is unreadable');
  return parsed.data;
}
