import { paywireError } from '../../errors.js';

/**
 * A parsed JSON value that keeps what `JSON.parse` throws away: the exact text of every number token and
 * the order (and duplicates) of object members. Used to re-encode a body the way PHP would
 * ({@link phpJsonEncode}) and to read amounts as the exact decimal text a provider sent.
 */
export type JsonNode =
  | { kind: 'object'; entries: [string, JsonNode][] }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'string'; value: string }
  | { kind: 'number'; token: string }
  | { kind: 'literal'; value: boolean | null };

const MAX_DEPTH = 64;

/**
 * Parses JSON text into a {@link JsonNode} tree whose numbers keep their exact text (`500.50` stays `'500.50'`,
 * `9007199254740993` is not rounded). Use it when nested values or a value's exact shape matter (PHP
 * re-encoding, nested amounts); for the raw text of one top-level member, {@link readTopLevelMember} is faster.
 *
 * @param provider - named in the error (`<provider>: the JSON is invalid…`) and set as its `provider`.
 * @example
 * ```ts
 * import { parseJsonKeepingNumberText } from './number-text-tree.js'
 * parseJsonKeepingNumberText('{"amount":500.50}')
 * // { kind: 'object', entries: [['amount', { kind: 'number', token: '500.50' }]] }
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID` when the text is not JSON or nests deeper than 64 levels.
 */
export function parseJsonKeepingNumberText(text: string, provider?: string): JsonNode {
  const parser = new TreeParser(text, provider);
  const node = parser.value(0);
  parser.end();
  return node;
}

class TreeParser {
  #i = 0;
  readonly #s: string;
  readonly #provider: string | undefined;

  constructor(text: string, provider: string | undefined) {
    this.#s = text;
    this.#provider = provider;
  }

  end(): void {
    this.#ws();
    if (this.#i !== this.#s.length) this.#fail('unexpected text after the value');
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.#fail(`nested deeper than ${MAX_DEPTH} levels`);
    this.#ws();
    const c = this.#s[this.#i];
    if (c === '{') return this.#object(depth);
    if (c === '[') return this.#array(depth);
    if (c === '"') return { kind: 'string', value: this.#string() };
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.#s.startsWith(word, this.#i)) {
        this.#i += word.length;
        return { kind: 'literal', value };
      }
    }
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.#s.slice(this.#i, this.#i + 400));
    if (!match) this.#fail('unexpected character');
    this.#i += match[0].length;
    return { kind: 'number', token: match[0] };
  }

  #object(depth: number): JsonNode {
    const entries: [string, JsonNode][] = [];
    this.#i++;
    this.#ws();
    if (this.#s[this.#i] === '}') {
      this.#i++;
      return { kind: 'object', entries };
    }
    for (;;) {
      this.#ws();
      if (this.#s[this.#i] !== '"') this.#fail('expected a member name');
      const key = this.#string();
      this.#ws();
      if (this.#s[this.#i++] !== ':') this.#fail('expected ":"');
      entries.push([key, this.value(depth + 1)]);
      if (this.#close('}')) return { kind: 'object', entries };
    }
  }

  #array(depth: number): JsonNode {
    const items: JsonNode[] = [];
    this.#i++;
    this.#ws();
    if (this.#s[this.#i] === ']') {
      this.#i++;
      return { kind: 'array', items };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      if (this.#close(']')) return { kind: 'array', items };
    }
  }

  /** After a member or item: true at the closing bracket, false after a comma. */
  #close(bracket: '}' | ']'): boolean {
    this.#ws();
    const c = this.#s[this.#i++];
    if (c === bracket) return true;
    if (c !== ',') this.#fail(`expected "," or "${bracket}"`);
    return false;
  }

  #string(): string {
    const start = this.#i;
    this.#i++;
    while (this.#i < this.#s.length && this.#s[this.#i] !== '"') this.#i += this.#s[this.#i] === '\\' ? 2 : 1;
    this.#i++;
    try {
      return JSON.parse(this.#s.slice(start, this.#i)) as string;
    } catch {
      return this.#fail('invalid string');
    }
  }

  #ws(): void {
    for (let c = this.#s[this.#i]; c === ' ' || c === '\n' || c === '\r' || c === '\t'; c = this.#s[this.#i]) this.#i++;
  }

  #fail(reason: string): never {
    const message = `the JSON is invalid at offset ${this.#i}: ${reason}`;
    if (this.#provider === undefined) throw paywireError('ERR_PAYLOAD_INVALID', message);
    throw paywireError('ERR_PAYLOAD_INVALID', `${this.#provider}: ${message}`, { provider: this.#provider });
  }
}

/**
 * The value of member `key` of an object node (the last one when repeated, like `JSON.parse`); `undefined` for
 * a missing member or a node that is not an object.
 *
 * @example
 * ```ts
 * import { objectMember, parseJsonKeepingNumberText } from './number-text-tree.js'
 * objectMember(parseJsonKeepingNumberText('{"a":1,"a":2.0}'), 'a') // { kind: 'number', token: '2.0' }
 * ```
 */
export function objectMember(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.kind !== 'object') return undefined;
  let found: JsonNode | undefined;
  for (const [k, v] of node.entries) if (k === key) found = v;
  return found;
}
