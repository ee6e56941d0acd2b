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

/** A stored session record, as {@link saveEtpaySession} writes it and {@link loadEtpaySession} reads it. Internal. */
export const etpaySessionRecordSchema = z.object({
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
  const value = etpaySessionRecordSchema.parse(record);
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
  const record = plainSessionRecord(json);
  if (record) return record;
  const parsed = etpaySessionRecordSchema.safeParse(json);
  if (!parsed.success) throw unknown('the stored session record is unreadable');
  return parsed.data;
}

/**
 * What the record schema returns for a record as {@link saveEtpaySession} writes it, checked without zod's
 * per-member work; `undefined` for anything else, which the schema then judges (a test holds the two to the same
 * answers). Internal.
 *
 * @example
 * ```ts
 * import { plainSessionRecord } from './sessions.js'
 * plainSessionRecord({ signatureToken: 'k', merchantOrderId: 'A1', orderAmount: 1000 })
 * ```
 */
export function plainSessionRecord(json: unknown): EtpaySessionRecord | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const { signatureToken, merchantOrderId, orderAmount } = json as Record<string, unknown>;
  if (typeof signatureToken !== 'string' || signatureToken === '') return undefined;
  if (typeof merchantOrderId !== 'string' || merchantOrderId === '') return undefined;
  if (typeof orderAmount !== 'number' || !Number.isSafeInteger(orderAmount) || orderAmount <= 0) return undefined;
  return { signatureToken, merchantOrderId, orderAmount };
}
