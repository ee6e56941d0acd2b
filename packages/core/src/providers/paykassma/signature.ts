import { hashHex, safeEqual } from '../../lib/crypto.js';
import { PAYKASSMA_SIGNATURE_SCHEMES, type PaykassmaSignatureScheme } from './config.js';
import { objectMember, parseJsonKeepingNumberText, type JsonNode } from '../../lib/json/index.js';
import { postbackRefusal } from './refusal.js';
import { schemeCandidates, type SchemeCandidate } from './schemes.js';
import {
  paykassmaFlatPostbackSchema,
  paykassmaPostbackSchema,
  type PaykassmaFlatPostback,
  type PaykassmaPostback,
} from './schemas.js';

/** The two postback keys from Paykassma's settings. */
export interface PaykassmaPostbackKeys {
  /** `postback_access_key` (also sent in legacy bodies as `access_key`). */
  accessKey: string;
  /** `postback_private_access_key` (never sent). */
  privateKey: string;
}

/** Options of {@link verifyPostback}. */
export interface VerifyPostbackOptions {
  accessKey: string;
  /** The private key, or several while rotating (the index that matched is returned, never the value). */
  privateKey: string | readonly string[];
  /** @default 'auto' (tries `flat`, `transactions`, `transactions-escaped`) */
  signatureScheme?: 'auto' | PaykassmaSignatureScheme;
  /** Top-level member the `transactions` schemes hash. @default 'transactions' */
  hashedMember?: string;
  /** Most transactions in a legacy postback; more → 413 before hashing. @default 100 */
  maxTransactions?: number;
}

interface VerifiedCommon {
  /** The scheme whose text matched. */
  scheme: PaykassmaSignatureScheme;
  /** Index of the private key that matched. */
  keyIndex: number;
  /** Which text matched: the bytes in the body, or PHP's re-encoding of the parsed value. */
  matchedBy: 'raw' | 'php';
}

/** A verified legacy postback (`transactions` schemes). */
export interface VerifiedLegacyPostback extends VerifiedCommon {
  format: 'legacy';
  /**
   * The signed postback: the body itself when `transactions` is the hashed member, else the hashed member's
   * object (its `transactions`, and its `label` when it has one); nothing outside the signature drives events.
   */
  postback: PaykassmaPostback;
  /** The same, with exact number tokens (amounts as sent). */
  tree: JsonNode;
  /** True when `postback.label` is covered by the signature (it is not when only `transactions` is hashed). */
  labelSigned: boolean;
}

/** A verified flat postback: every member but `signature` is signed. */
export interface VerifiedFlatPostback extends VerifiedCommon {
  format: 'flat';
  postback: PaykassmaFlatPostback;
  /** The body with exact number tokens. */
  tree: JsonNode;
}

/** A verified postback, flat or legacy. */
export type VerifiedPostback = VerifiedLegacyPostback | VerifiedFlatPostback;

/**
 * The postback signature over a JSON text: `sha1(accessKey + privateKey + md5(hashedJson))`, lowercase hex.
 *
 * @example
 * ```ts
 * import { signPostback } from '@paywire/core/paykassma'
 * signPostback('[{"transaction_id":"1","amount":500}]', { accessKey, privateKey })
 * ```
 * @throws TypeError when a key is missing.
 */
export function signPostback(hashedJson: string, keys: PaykassmaPostbackKeys): string {
  if (
    typeof keys?.accessKey !== 'string' ||
    keys.accessKey === '' ||
    typeof keys.privateKey !== 'string' ||
    keys.privateKey === ''
  ) {
    throw new TypeError('paykassma: accessKey and privateKey must be non-empty strings');
  }
  return hashHex('sha1', keys.accessKey + keys.privateKey + hashHex('md5', Buffer.from(hashedJson, 'utf8')));
}

/** Constant-time comparison of a received signature with an expected one (hex, any case). */
export function postbackSignatureMatches(received: string, expected: string): boolean {
  return safeEqual(received.toLowerCase(), expected.toLowerCase());
}

const invalid = (message: string) => postbackRefusal('ERR_PAYLOAD_INVALID', message);
const forged = (message: string) => postbackRefusal('ERR_SIGNATURE_INVALID', message);

/**
 * Verifies a postback body (the exact text received) under one scheme or, by default, each in turn (see
 * {@link schemeCandidates}); every comparison is constant time.
 *
 * @example
 * ```ts
 * import { verifyPostback } from '@paywire/core/paykassma'
 * declare const newKey: string, oldKey: string
 * const verified = verifyPostback(rawBody, { accessKey, privateKey: [newKey, oldKey] })
 * console.log(verified.format, verified.scheme, verified.keyIndex)
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID` (not a postback), `ERR_BODY_TOO_LARGE` (too many transactions),
 *   `ERR_SIGNATURE_INVALID` (wrong access key, or no scheme matches: a changed field, a wrong private key).
 */
export function verifyPostback(body: string | Uint8Array, options: VerifyPostbackOptions): VerifiedPostback {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid('the body is not valid JSON');
  }
  return verifyParsedPostback(text, json, options);
}

/** {@link verifyPostback} for a body already parsed from `text`. Internal. */
export function verifyParsedPostback(text: string, json: unknown, options: VerifyPostbackOptions): VerifiedPostback {
  const head = json as Record<string, unknown> | null;
  if (head === null || typeof head !== 'object' || Array.isArray(head)) throw invalid('the body is not a JSON object');
  const member = options.hashedMember ?? 'transactions';
  const schemes = eligibleSchemes(head, options.signatureScheme ?? 'auto', member);
  // Cheap checks first: nothing is parsed again or hashed for a body these refuse.
  if (typeof head.signature !== 'string') throw invalid('signature: missing');
  if (!/^[0-9a-fA-F]{40}$/.test(head.signature)) throw forged('the signature is not 40 hex digits');
  if (
    head.access_key !== undefined &&
    (typeof head.access_key !== 'string' || !safeEqual(head.access_key, options.accessKey))
  ) {
    throw forged('access_key is not your postback access key');
  }
  const count = Array.isArray(head.transactions) ? head.transactions.length : 0;
  if (count > (options.maxTransactions ?? 100)) {
    throw postbackRefusal(
      'ERR_BODY_TOO_LARGE',
      `${count} transactions; the limit is ${options.maxTransactions ?? 100} (see the maxTransactions option)`,
    );
  }
  let tree: JsonNode | undefined;
  const input = { text, hashedMember: member, tree: () => (tree ??= parseJsonKeepingNumberText(text, 'paykassma')) };
  const match = firstMatch(schemes, input, head.signature, options);
  if (!match)
    throw forged('the signature does not match (wrong private key, a changed field, or another signature scheme)');
  const common = { scheme: match.candidate.scheme, keyIndex: match.keyIndex, matchedBy: match.candidate.matchedBy };
  // The shape decides the mapping: a legacy body signed whole (flat scheme) still carries its events in transactions.
  return isLegacyShape(head, member)
    ? legacyPostback(head, input.tree(), member, common)
    : flatPostback(json, input.tree(), common);
}

/** The schemes worth trying for this body; a pinned scheme the body cannot carry is a 400 naming the option. */
function eligibleSchemes(
  head: Record<string, unknown>,
  setting: 'auto' | PaykassmaSignatureScheme,
  member: string,
): PaykassmaSignatureScheme[] {
  const legacyShape = isLegacyShape(head, member);
  if (setting === 'auto') return PAYKASSMA_SIGNATURE_SCHEMES.filter((s) => s === 'flat' || legacyShape);
  if (setting !== 'flat' && !legacyShape) {
    throw invalid(
      `the body lacks the access_key or ${member} member that signatureScheme '${setting}' needs (Paykassma's current flat postbacks verify with 'flat' or 'auto')`,
    );
  }
  return [setting];
}

const isLegacyShape = (head: Record<string, unknown>, member: string) =>
  member in head && typeof head.access_key === 'string';

function firstMatch(
  schemes: readonly PaykassmaSignatureScheme[],
  input: Parameters<typeof schemeCandidates>[1],
  received: string,
  options: VerifyPostbackOptions,
) {
  const keys = typeof options.privateKey === 'string' ? [options.privateKey] : options.privateKey;
  for (const scheme of schemes) {
    for (const candidate of schemeCandidates(scheme, input)) {
      const md5 = hashHex('md5', Buffer.from(candidate.text, 'utf8'));
      for (const [keyIndex, privateKey] of keys.entries()) {
        if (postbackSignatureMatches(received, hashHex('sha1', options.accessKey + privateKey + md5)))
          return { candidate, keyIndex } satisfies { candidate: SchemeCandidate; keyIndex: number };
      }
    }
  }
  return undefined;
}

function flatPostback(json: unknown, tree: JsonNode, common: VerifiedCommon): VerifiedFlatPostback {
  const parsed = paykassmaFlatPostbackSchema.safeParse(json);
  if (!parsed.success) throw invalid(issueText(parsed.error.issues[0]));
  return { format: 'flat', postback: parsed.data, tree, ...common };
}

function legacyPostback(
  head: Record<string, unknown>,
  tree: JsonNode,
  member: string,
  common: VerifiedCommon,
): VerifiedLegacyPostback {
  // Events come only from signed data: with another hashed member, its object must carry the transactions.
  const signed = member === 'transactions' ? head : head[member];
  if (signed === null || typeof signed !== 'object' || Array.isArray(signed) || !('transactions' in signed)) {
    throw invalid(
      `${member}: the hashed member must be an object holding the transactions (see the hashedMember option)`,
    );
  }
  const parsed = paykassmaPostbackSchema.safeParse(
    member === 'transactions' ? head : { ...signed, access_key: head.access_key, signature: head.signature },
  );
  if (!parsed.success) throw invalid(issueText(parsed.error.issues[0]));
  const signedTree = member === 'transactions' ? tree : (objectMember(tree, member) as JsonNode);
  const labelSigned = common.scheme === 'flat' || (member !== 'transactions' && 'label' in signed);
  return { format: 'legacy', postback: parsed.data, tree: signedTree, labelSigned, ...common };
}

const issueText = (issue: { path: PropertyKey[]; message: string } | undefined) =>
  `${issue?.path.map(String).join('.') || 'body'}: ${issue?.message?.slice(0, 200)}`;
