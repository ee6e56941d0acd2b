import type { Redactor } from './redact.js';

/**
 * The logger paywire writes to. Any object with these four methods fits (console, pino's child with a
 * small adapter, Nest's Logger). Everything passed to it has already been redacted.
 */
export interface PaywireLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** The default logger: warnings and errors to the console, prefixed `[paywire]`; debug and info dropped. */
export const consoleLogger: PaywireLogger = {
  debug: () => {},
  info: () => {},
  warn: (message, meta) => console.warn(`[paywire] ${message}`, ...(meta ? [meta] : [])),
  error: (message, meta) => console.error(`[paywire] ${message}`, ...(meta ? [meta] : [])),
};

/** Wraps a logger so every message and meta object is redacted before it is written. */
export function redactingLogger(logger: PaywireLogger, redact: Redactor & { text(s: string): string }): PaywireLogger {
  const wrap =
    (level: keyof PaywireLogger) =>
    (message: string, meta?: Record<string, unknown>): void => {
      logger[level](redact.text(message), meta === undefined ? undefined : (redact(meta) as Record<string, unknown>));
    };
  // The console logger drops debug lines, and a logger may say it does (`debugEnabled: false`): then redacting a
  // debug line would be work thrown away, and saying so lets callers skip building it (lib/http.ts does).
  const dropsDebug = logger === consoleLogger || (logger as { debugEnabled?: unknown }).debugEnabled === false;
  return {
    debug: dropsDebug ? () => {} : wrap('debug'),
    info: wrap('info'),
    warn: wrap('warn'),
    error: wrap('error'),
    ...(dropsDebug ? { debugEnabled: false } : {}),
  };
}
