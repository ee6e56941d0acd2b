import { PaywireError, paywireError } from '../../errors.js';
import { hashHex, safeEqual } from '../../lib/crypto.js';
import { topLevelMembers } from '../../lib/raw-json.js';
import { memberOf, parseJsonTree, type JsonNode } from './json-tree.js';
import { phpJsonEncode } from './php-json.js';
import { paykassmaPostbackSchema, type PaykassmaPostback } from './schemas.js';

/** The two postback keys from Paykassma's settings. */
export interface PaykassmaPostbackKeys {
  /** `postback_access_key` (also sent in the body as `access_key`). */
  accessKey: string;
  /** `postback_private_access_key` (never sent). */
  privateKey: string;
}

/** Options of {@link verifyPostback}. */
export interface VerifyPostbackOptions extends PaykassmaPostbackKeys {
  /** Top-level member whose JSON is hashed. @default 'transactions' */
  hashedMember?: string;
}

/** A verified postback. */
export interface VerifiedPostback {
  /**
   * The signed postback: the body itself when `transactions` is the hashed member, else the hashed member's
   * object (its `transactions`, and its `label` when it has one); nothing outside the signature drives events.
   */
  postback: PaykassmaPostback;
  /** The same, with exact number tokens (amounts as sent). */
  tree: JsonNode;
  /** True when `postback.label` is covered by the signature (it is not when only `transactions` is hashed). */
  labelSigned: boolean;
  /** Which text matched: the member's bytes in the body, or PHP's re-encoding of its value. */
  matchedBy: 'raw' | 'php';
}

/**
 * The postback signature over the hashed member's JSON text:
 * `sha1(accessKey + privateKey + md5(hashedJson))`, lowercase hex.
 *
 * @example
 * ```ts
 * signPostback('[{"transaction_id":"1","amount":500}]', { accessKey, privateKey })
 * ```
 * @throws TypeError when a key is missing.
 */
export function signPostback(hashedJson: string, keys: PaykassmaPostbackKeys): string {
  if (typeof keys?.accessKey !== 'string' || keys.accessKey === '' || typeof keys.privateKey !== 'string' || keys.privateKey === '') {
    throw new TypeError('paykassma: accessKey and privateKey must be non-empty strings');
  }
  return hashHex('sha1', keys.accessKey + keys.privateKey + hashHex('md5', Buffer.from(hashedJson, 'utf8')));
}

/** Constant-time comparison of a received signature with an expected one (hex, any case). */
export function postbackSignatureMatches(received: string, expected: string): boolean {
  return safeEqual(received.toLowerCase(), expected.toLowerCase());
}

const invalid = (message: string) => paywireError('ERR_PAYLOAD_INVALID', `paykassma postback: ${message}`, { provider: 'paykassma' });
const forged = (message: string) => paywireError('ERR_SIGNATURE_INVALID', `paykassma postback: ${message}`, { provider: 'paykassma' });

/**
 * Verifies a postback body (the exact text received): `access_key` must be yours, and the signature must
 * match the hashed member's raw bytes in the body or, failing that, PHP's
 * `json_encode(..., JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE)` of its value (see {@link phpJsonEncode}).
 *
 * @example
 * ```ts
 * const { postback } = verifyPostback(rawBody, { accessKey, privateKey })
 * for (const tx of postback.transactions) credit(tx.custom_id, tx.amount)
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID` (not a postback), `ERR_SIGNATURE_INVALID` (wrong access key, or
 *   the signature matches neither encoding: a changed field, a wrong private key).
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
  const member = options.hashedMember ?? 'transactions';
  const head = json as Record<string, unknown> | null;
  if (head === null || typeof head !== 'object' || Array.isArray(head)) throw invalid('the body is not a JSON object');
  if (typeof head.access_key !== 'string') throw invalid('access_key: missing');
  if (typeof head.signature !== 'string') throw invalid('signature: missing');
  if (!(member in head)) throw invalid(`${member}: missing (the hashed member; see the hashedMember option)`);
  if (!safeEqual(head.access_key, options.accessKey)) throw forged('access_key is not your postback access key');

  const tree = parseJsonTree(text);
  const matchedBy = signatureMatchedBy(text, tree, member, head.signature, options);
  if (!matchedBy) throw forged('the signature does not match (wrong private key, or a changed field)');

  // Events come only from signed data: with another hashed member, its object must carry the transactions.
  const signed = member === 'transactions' ? head : head[member];
  if (signed === null || typeof signed !== 'object' || Array.isArray(signed) || !('transactions' in signed)) {
    throw invalid(`${member}: the hashed member must be an object holding the transactions (see the hashedMember option)`);
  }
  const parsed = paykassmaPostbackSchema.safeParse(member === 'transactions' ? json : { ...signed, access_key: head.access_key, signature: head.signature });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  const signedTree = member === 'transactions' ? tree : (memberOf(tree, member) as JsonNode);
  return { postback: parsed.data, tree: signedTree, matchedBy, labelSigned: member !== 'transactions' && 'label' in signed };
}

function signatureMatchedBy(text: string, tree: JsonNode, member: string, received: string, keys: PaykassmaPostbackKeys): VerifiedPostback['matchedBy'] | undefined {
  const raw = topLevelMembers(text).get(member);
  const rawOk = raw !== undefined && postbackSignatureMatches(received, signPostback(raw, keys));
  if (rawOk) return 'raw';
  const php = phpJsonEncode(memberOf(tree, member) ?? { kind: 'literal', value: null });
  if (php !== undefined && php !== raw && postbackSignatureMatches(received, signPostback(php, keys))) return 'php';
  return undefined;
}
