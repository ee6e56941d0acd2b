import type { LoggerService } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { nestLoggerAdapter } from './nest-logger.adapter.js';

function recorder() {
  const lines: [string, ...unknown[]][] = [];
  const logger: LoggerService = {
    log: (...a: unknown[]) => void lines.push(['log', ...a]),
    error: (...a: unknown[]) => void lines.push(['error', ...a]),
    warn: (...a: unknown[]) => void lines.push(['warn', ...a]),
    debug: (...a: unknown[]) => void lines.push(['debug', ...a]),
  };
  return { lines, logger };
}

describe('nestLoggerAdapter', () => {
  it('maps levels and appends meta as key=value', () => {
    const { lines, logger } = recorder();
    const log = nestLoggerAdapter(logger);
    log.info('acknowledged', { provider: 'waylet', count: 2 });
    log.warn('rejected', { remoteAddress: '127.0.0.1', skipped: undefined });
    log.debug('detail');
    expect(lines).toEqual([
      ['log', 'acknowledged (provider=waylet, count=2)'],
      ['warn', 'rejected (remoteAddress=127.0.0.1)'],
      ['debug', 'detail'],
    ]);
  });

  it('passes the stack of meta.error to Nest’s error()', () => {
    const { lines, logger } = recorder();
    const error = new Error('boom');
    nestLoggerAdapter(logger).error('handler failed', { error, eventId: 'e1' });
    nestLoggerAdapter(logger).error('no stack');
    expect(lines).toEqual([
      ['error', 'handler failed (eventId=e1)', error.stack],
      ['error', 'no stack'],
    ]);
  });
});
