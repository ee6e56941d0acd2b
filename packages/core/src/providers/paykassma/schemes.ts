import type { PaykassmaSignatureScheme } from './config.js';
import { objectMember, phpJsonEncode, readTopLevelMembers, type JsonNode } from '../../lib/json/index.js';
import { withoutTopLevelMember } from './raw-cut.js';

/** One text a scheme hashes, and where it came from. Internal. */
export interface SchemeCandidate {
  scheme: PaykassmaSignatureScheme;
  /** `raw`: bytes as received (a member cut out or kept); `php`: PHP's re-encoding of the parsed value. */
  matchedBy: 'raw' | 'php';
  text: string;
}

/** What the candidates are computed from. Internal. */
export interface SchemeInput {
  text: string;
  /** Parsed lazily: only the PHP re-encodings need it. */
  tree: () => JsonNode;
  hashedMember: string;
}

/**
 * The texts each scheme hashes, cheapest first; computed lazily so that a match on the raw bytes costs no
 * re-encoding. Duplicates are skipped.
 *
 * - `flat`: the body without `signature` as received, then PHP's flagged re-encoding of that object.
 * - `transactions`: the hashed member as received, then PHP's flagged re-encoding of its value.
 * - `transactions-escaped`: PHP's flag-less re-encoding of the hashed member (`\/`, `\uXXXX`).
 *
 * @example
 * ```ts
 * import { schemeCandidates } from './schemes.js'
 * import { parseJsonKeepingNumberText } from '../../lib/json/index.js'
 * const text = rawBody.toString('utf8')
 * const tree = () => parseJsonKeepingNumberText(text)
 * const texts = [...schemeCandidates('flat', { text, tree, hashedMember: 'transactions' })].map((c) => c.text)
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID` when a re-encoding needs the tree and the text nests deeper than 64
 * levels.
 */
export function* schemeCandidates(scheme: PaykassmaSignatureScheme, input: SchemeInput): Generator<SchemeCandidate> {
  if (scheme === 'flat') {
    const raw = withoutTopLevelMember(input.text, 'signature');
    if (raw !== undefined) yield { scheme, matchedBy: 'raw', text: raw };
    const tree = input.tree();
    const remainder: JsonNode =
      tree.kind === 'object' ? { kind: 'object', entries: tree.entries.filter(([k]) => k !== 'signature') } : tree;
    const php = phpJsonEncode(remainder);
    if (php !== undefined && php !== raw) yield { scheme, matchedBy: 'php', text: php };
    return;
  }
  const raw = readTopLevelMembers(input.text).get(input.hashedMember);
  const member = objectMember(input.tree(), input.hashedMember);
  // Raw bytes that are exactly the flag-less encoding (and not the flagged one) belong to `transactions-escaped`.
  const rawIsEscaped =
    raw !== undefined &&
    member !== undefined &&
    /\\[/u]/.test(raw) &&
    raw === phpJsonEncode(member, { escaped: true }) &&
    raw !== phpJsonEncode(member);
  if (raw !== undefined && scheme === 'transactions' && !rawIsEscaped) yield { scheme, matchedBy: 'raw', text: raw };
  if (member === undefined) return;
  const escaped = scheme === 'transactions-escaped';
  const php = phpJsonEncode(member, { escaped });
  // The flag-less encoding is never tried on the raw bytes as such (they are the `transactions` scheme's), but
  // when it equals them, the body's tokens are exactly the signed ones.
  if (php !== undefined && (escaped || php !== raw))
    yield { scheme, matchedBy: php === raw ? 'raw' : 'php', text: php };
}
