/**
 * Redaction: secrets, API keys, tokens and signatures never reach a log line or an error message.
 * Internal — not exported from the package.
 */

const SENSITIVE_KEY =
  /(secret|password|passwd|token|signature|api[-_]?key|authorization|private|access[-_]?key|cookie)/i;

/** The replacement text for anything redacted. */
export const REDACTED = '[REDACTED]';

/** A function that returns a deep copy of a value with every known secret and sensitive field masked. */
export type Redactor = (value: unknown) => unknown;

/** A {@link Redactor} that also masks text and learns new secrets while the instance runs. Internal. */
export type SecretRedactor = Redactor & {
  /** Masks every occurrence of `secret` from now on (configured secrets: kept for the instance's life). */
  add(secret: string | undefined): void;
  /**
   * Masks a credential paywire obtained at run time (a Keycloak access or refresh token, an ETpay signature
   * token). The {@link MAX_RUNTIME_SECRETS} most recent are remembered; older ones are still masked by key name.
   */
  addRuntime(secret: string | undefined): void;
  /** Masks the known secrets inside a string. */
  text(s: string): string;
};

/** How many runtime credentials a redactor remembers (oldest forgotten first). */
export const MAX_RUNTIME_SECRETS = 512;

/** A compact JWS/JWT (`eyJ….….…`): a bearer credential or a signed notification, masked wherever it appears. */
const COMPACT_JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+/g;

/**
 * Text that URL-encoding, form-encoding and JSON-escaping all leave as it is (letters, digits, `_ . * -`): a hex
 * signature or a plain token has one form only, found without building the others.
 */
const ONE_FORM = /^[\w.*-]+$/;

/** The forms a secret may be echoed in: as is, URL-encoded, form-encoded, JSON-escaped. */
function formsOf(secret: string): string[] {
  if (ONE_FORM.test(secret)) return [secret];
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
    ]),
  ];
}

/**
 * Builds a redactor that masks (1) the values of sensitive-looking keys, (2) any occurrence of the given
 * secret strings (and runtime credentials added later) inside any string, however deep, and (3) anything shaped
 * like a compact JWT. Errors keep their name, message, stack, own fields and cause chain, all redacted, to a
 * bounded depth.
 *
 * @example
 * ```ts
 * import { createRedactor } from './redact.js'
 * declare const config: { secret: string }, accessToken: string, message: string, error: unknown
 * const redact = createRedactor([config.secret])
 * redact.addRuntime(accessToken)
 * logger.error(redact.text(message), redact({ error }) as Record<string, unknown>)
 * ```
 */
export function createRedactor(secrets: Iterable<string | undefined>): SecretRedactor {
  const known = new Set<string>();
  const runtime = new Map<string, string[]>();
  const add = (secret: string | undefined): void => {
    // Very short values would mask unrelated text; they are still masked by key name.
    if (!secret || secret.length < 4) return;
    for (const form of formsOf(secret)) known.add(form);
  };
  const addRuntime = (secret: string | undefined): void => {
    if (typeof secret !== 'string' || secret.length < 4 || known.has(secret)) return;
    runtime.delete(secret);
    runtime.set(secret, formsOf(secret));
    if (runtime.size > MAX_RUNTIME_SECRETS) runtime.delete(runtime.keys().next().value as string);
  };
  for (const s of secrets) add(s);

  const text = (s: string): string => {
    let out = s;
    for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    for (const forms of runtime.values())
      for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out.includes('eyJ') ? out.replace(COMPACT_JWT, REDACTED) : out;
  };

  const walkError = (error: Error, depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = { name: error.name, message: text(String(error.message)) };
    if (typeof error.stack === 'string') out['stack'] = text(error.stack);
    for (const [k, v] of Object.entries(error)) {
      if (k in out) continue;
      out[k] = SENSITIVE_KEY.test(k) && v !== undefined && v !== null && v !== '' ? REDACTED : walk(v, depth + 1);
    }
    if (error.cause !== undefined) out['cause'] = walk(error.cause, depth + 1);
    if (error instanceof AggregateError) out['errors'] = walk(error.errors, depth + 1);
    return out;
  };

  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return text(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > 8) return '[TRUNCATED]'; // never hand back an unvisited subtree: it may hold secrets
    if (value instanceof Date) return value;
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    if (value instanceof Error) return walkError(value, depth);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SENSITIVE_KEY.test(k) && v !== undefined && v !== null && v !== '' ? REDACTED : walk(v, depth + 1);
    }
    return out;
  };

  const redact = ((value: unknown) => walk(value, 0)) as SecretRedactor;
  redact.add = add;
  redact.addRuntime = addRuntime;
  redact.text = text;
  return redact;
}

/**
 * True when a field or header name looks like it holds a credential (`secret`, `token`, `signature`, …).
 *
 * @example
 * ```ts
 * import { isSensitiveKey } from './redact.js'
 * isSensitiveKey('x-openwaylet-apikey') // true
 * ```
 */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

/**
 * Registers, as runtime secrets, the credentials an outgoing request carries: sensitive headers
 * (`Authorization: Bearer …` — the whole value and the credential after the scheme) and top-level sensitive
 * fields of its JSON or form body (a request `signature`, a `refresh_token`). A provider or proxy that echoes
 * them back, in any form, then has them masked.
 *
 * @example
 * ```ts
 * import { createRedactor, registerOutgoingSecrets } from './redact.js'
 * declare const token: string, signature: string
 * const redact = createRedactor([])
 * registerOutgoingSecrets(redact, { authorization: `Bearer ${token}` }, { amount: 300, signature })
 * ```
 */
export function registerOutgoingSecrets(
  redact: Pick<SecretRedactor, 'addRuntime'>,
  headers: Record<string, string>,
  body: unknown,
): void {
  // `for…in` over own keys: the same entries as `Object.entries`, without an array of pairs per request
  for (const key in headers) {
    const value = headers[key];
    if (!Object.hasOwn(headers, key) || typeof value !== 'string' || !SENSITIVE_KEY.test(key)) continue;
    redact.addRuntime(value);
    const space = value.indexOf(' ');
    if (space > 0) redact.addRuntime(value.slice(space + 1));
  }
  if (body === null || typeof body !== 'object') return;
  const fields = body as Record<string, unknown>;
  for (const key in fields) {
    const value = fields[key];
    if (typeof value === 'string' && Object.hasOwn(fields, key) && SENSITIVE_KEY.test(key)) redact.addRuntime(value);
  }
}

/** Masks sensitive query parameters (`secret`, `token`, ...) of a URL for logging. */
export function redactUrl(url: string | URL, redact: { text(s: string): string }): string {
  try {
    const u = new URL(url);
    for (const key of [...u.searchParams.keys()]) if (SENSITIVE_KEY.test(key)) u.searchParams.set(key, REDACTED);
    return redact.text(u.toString());
  } catch {
    return redact.text(String(url));
  }
}
