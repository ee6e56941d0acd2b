import { z } from 'zod';
import { paywireError } from '../errors.js';

/**
 * A credential: non-empty, and refused when it has leading or trailing whitespace (almost always a copy-paste
 * slip that makes every signature fail). Messages never include the value.
 */
export const secretString = () =>
  z
    .string({ error: 'is required (a non-empty string)' })
    .min(1, 'must not be empty')
    .refine((s) => s.trim() === s, 'has leading or trailing whitespace; remove it (copy-paste slip?)');

/** An absolute http(s) URL, without a trailing slash in the output. */
export const baseUrlString = () =>
  z
    .string({ error: 'is required (an absolute http(s) URL)' })
    .refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), 'must be an absolute http(s) URL')
    .transform((s) => s.replace(/\/+$/, ''));

/** Validates `value` with `schema`, turning the first failure into `ERR_CONFIG_INVALID` naming the field. */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  value: unknown,
  path: string,
  provider?: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [path, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  const all = result.error.issues
    .map((i) => `${[path, ...i.path.map(String)].filter(Boolean).join('.')}: ${i.message}`)
    .join('; ');
  throw paywireError('ERR_CONFIG_INVALID', `invalid paywire options: ${all}`, { field, provider, httpStatus: 500 });
}

/**
 * Validates a client call's input with `schema` before anything is sent, turning the first failure into
 * `ERR_INPUT_INVALID` naming the field (`waylet startPayment: amount: must be an integer number of cents`).
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  provider: string,
  operation: string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || undefined;
  throw paywireError('ERR_INPUT_INVALID', `${provider} ${operation}: ${field ?? 'input'}: ${issue?.message}`, {
    provider,
    field,
  });
}
