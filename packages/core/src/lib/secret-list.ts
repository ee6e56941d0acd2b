import { z } from 'zod';
import { secretString } from './config.js';

/** The most secrets a rotating option accepts (the current one and a few old ones). */
export const MAX_ROTATED_SECRETS = 8;

/**
 * A rotating credential: one secret, or a list whose first entry signs what paywire sends and all of which are
 * accepted on what it receives. The output is always a non-empty list. Internal.
 *
 * @example
 * ```ts
 * import { z } from 'zod'
 * import { secretList } from './secret-list.js'
 * z.object({ secret: secretList() }).parse({ secret: ['new', 'old'] }).secret // ['new', 'old']
 * ```
 */
export const secretList = () =>
  z
    .union([
      secretString(),
      z
        .array(secretString())
        .min(1, 'must list at least one secret')
        .max(MAX_ROTATED_SECRETS, `must list at most ${MAX_ROTATED_SECRETS} secrets`),
    ])
    .transform((value): [string, ...string[]] =>
      typeof value === 'string' ? [value] : (value as [string, ...string[]]),
    );

/**
 * Runs `matches` with each secret in order and returns the index of the first that matches, or -1. Every
 * secret is tried only until one matches; the index (never the value) is what callers report.
 *
 * @example
 * ```ts
 * import { matchingSecretIndex } from './secret-list.js'
 * matchingSecretIndex(['new', 'old'], (s) => s === 'old') // 1
 * ```
 */
export function matchingSecretIndex(secrets: readonly string[], matches: (secret: string) => boolean): number {
  for (let i = 0; i < secrets.length; i++) if (matches(secrets[i] as string)) return i;
  return -1;
}
