/**
 * Redaction: secrets, API keys, tokens and signatures never reach a log line or an error message.
 * Internal — not exported from the package.
 */

const SENSITIVE_KEY = /(secret|password|passwd|token|signature|api[-_]?key|authorization|private|access[-_]?key|cookie)/i;

/** The replacement text for anything redacted. */
export const REDACTED = '[REDACTED]';

/** A function that returns a deep copy of a value with every known secret and sensitive field masked. */
export type Redactor = (value: unknown) => unknown;

/**
 * Builds a redactor that masks (1) the values of sensitive-looking keys and (2) any occurrence of the given
 * secret strings inside any string, however deep.
 */
export function createRedactor(secrets: Iterable<string | undefined>): Redactor & { add(secret: string): void; text(s: string): string } {
  const known = new Set<string>();
  const add = (secret: string | undefined): void => {
    // Very short values would mask unrelated text; they are still masked by key name.
    if (!secret || secret.length < 4) return;
    // A provider may echo the secret as it travelled: URL-encoded, form-encoded, or JSON-escaped.
    for (const form of [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)]) known.add(form);
  };
  for (const s of secrets) add(s);

  const text = (s: string): string => {
    let out = s;
    for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };

  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return text(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > 8) return '[TRUNCATED]'; // never hand back an unvisited subtree: it may hold secrets
    if (value instanceof Date) return value;
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    if (value instanceof Error) return { name: value.name, message: text(value.message) };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SENSITIVE_KEY.test(k) && v !== undefined && v !== null && v !== '' ? REDACTED : walk(v, depth + 1);
    }
    return out;
  };

  const redact = ((value: unknown) => walk(value, 0)) as Redactor & { add(secret: string): void; text(s: string): string };
  redact.add = add;
  redact.text = text;
  return redact;
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
