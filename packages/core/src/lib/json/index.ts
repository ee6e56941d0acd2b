/**
 * Exact-text JSON: every place where `JSON.parse` / `JSON.stringify` would change the bytes that were signed or
 * must be sent (`300.0` → `300`, `5100.00` → `5100`, `\/` → `/`, integers beyond 2^53 rounded). Internal: never
 * exported from a package entry point except `parseJsonTree` / `JsonNode` in `@paywire/core/testing`.
 *
 * One job per function:
 * - {@link readTopLevelMember} — the raw text of one top-level member (an amount token as sent). Fastest; the
 *   hot path of callback verification. Text must already have passed `JSON.parse`.
 * - {@link readTopLevelMembers} — the same for every top-level member at once (key → raw text).
 * - {@link parseJsonKeepingNumberText} — a whole tree ({@link JsonNode}) whose numbers keep their exact text and
 *   whose objects keep member order and duplicates; {@link objectMember} reads one member of an object node.
 * - {@link phpJsonEncode} — what PHP's `json_encode(json_decode($text, true))` writes for a parsed tree, byte
 *   for byte; {@link phpJsonEncodeValue} — the same for a JavaScript value.
 * - {@link jsonNumber} + {@link stringifyJsonWithRawNumbers} — outgoing JSON with exact decimal tokens
 *   (`{"amount":5100.00}`); {@link RawJsonNumber} is the marker type.
 */
export { readTopLevelMember, readTopLevelMembers } from './top-level-members.js';
export { parseJsonKeepingNumberText, objectMember, type JsonNode } from './number-text-tree.js';
export { phpJsonEncode, phpJsonEncodeValue, type PhpJsonEncodeOptions } from './php-json-encode.js';
export { RawJsonNumber, jsonNumber, stringifyJsonWithRawNumbers } from './raw-numbers.js';
