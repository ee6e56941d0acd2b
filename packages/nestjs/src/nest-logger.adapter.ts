import type { LoggerService } from '@nestjs/common';
import type { PaywireLogger } from '@paywire/core';

function describe(meta: Record<string, unknown> | undefined): string {
  if (!meta) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(meta)) {
    if (value === undefined || value instanceof Error) continue;
    parts.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function stackOf(meta: Record<string, unknown> | undefined): string | undefined {
  const err = meta?.['error'] ?? meta?.['cause'];
  return err instanceof Error ? err.stack : undefined;
}

/**
 * Adapts a Nest logger to the core {@link PaywireLogger}: `info` goes to `log`, errors carry the stack of
 * `meta.error` (or `meta.cause`), other meta fields are appended as `key=value`. paywire redacts secrets before
 * anything reaches it. `PaymentsModule` uses `new Logger('Paywire')` unless `options.logger` is set.
 *
 * @example
 * ```ts
 * import { Logger } from '@nestjs/common'
 * import { createPaywire } from '@paywire/core'
 * import { nestLoggerAdapter } from '@paywire/nestjs'
 * createPaywire({ providers, logger: nestLoggerAdapter(new Logger('Payments')) })
 * ```
 */
export function nestLoggerAdapter(logger: LoggerService): PaywireLogger {
  return {
    debug: (message, meta) => void logger.debug?.(message + describe(meta)),
    info: (message, meta) => void logger.log(message + describe(meta)),
    warn: (message, meta) => void logger.warn(message + describe(meta)),
    error: (message, meta) => {
      const stack = stackOf(meta);
      if (stack === undefined) logger.error(message + describe(meta));
      else logger.error(message + describe(meta), stack);
    },
  };
}
