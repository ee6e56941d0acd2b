/** Shared test setup for core's own tests (never built or published). */
import { MockAgent } from 'undici';
import { afterEach, beforeEach } from 'vitest';
import type { PaywireLogger } from '../lib/logger.js';

/** A logger that drops everything. */
export const silentLogger: PaywireLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * A fresh undici `MockAgent` (no real network) for each test, closed after it. Read `mock.agent` inside tests.
 */
export function useMockAgent(): { readonly agent: MockAgent } {
  let current: MockAgent | undefined;
  beforeEach(() => {
    current = new MockAgent();
    current.disableNetConnect();
  });
  afterEach(async () => {
    await current?.close();
  });
  return {
    get agent(): MockAgent {
      if (!current) throw new Error('useMockAgent: read mock.agent inside a test');
      return current;
    },
  };
}
