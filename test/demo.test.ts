/** `pnpm demo` must pass: run its script as the command does, and check what it printed. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PROVIDER_NAMES } from '@paywire/core';
import { expect, it } from 'vitest';

const run = promisify(execFile);

it('pnpm demo takes a payment with every provider and exits 0', async () => {
  const cwd = fileURLToPath(new URL('../examples/express/', import.meta.url));
  const { stdout } = await run(process.execPath, ['--conditions=@paywire/source', '--import', 'tsx', 'src/demo.ts'], {
    cwd,
    timeout: 90_000,
  });
  expect(stdout).toContain('Demo passed');
  for (const provider of PROVIDER_NAMES) expect(stdout).toContain(`handler received payment.paid from ${provider}`);
  expect(stdout).toContain('handler received payment.failed from waylet');
  expect(stdout.match(/✓ order/g)).toHaveLength(PROVIDER_NAMES.length + 1); // one paid order each, one failed
  // every amount is printed with its currency (Paylican's from the shop's order: Paylican sends none)
  expect(stdout).toMatch(/payment\.paid from paylican .*: order \S+, 5100\.00 XAF \(major unit\)/);
  expect(stdout).toMatch(/payment\.paid from waylet .*: order \S+, 1250 EUR \(minor unit\)/);
}, 120_000);

it('pnpm demo exits non-zero and says why when a step fails', async () => {
  const cwd = fileURLToPath(new URL('../examples/express/', import.meta.url));
  // The shop signs Waylet requests with a secret the sandbox does not know: Waylet orders cannot be started.
  const env = { ...process.env, WAYLET_SECRET: 'not-the-sandbox-secret' };
  const failed = await run(process.execPath, ['--conditions=@paywire/source', '--import', 'tsx', 'src/demo.ts'], {
    cwd,
    env,
    timeout: 90_000,
  }).catch((e: { code: number; stdout: string }) => e);
  expect((failed as { code: number }).code).toBe(1);
  const stdout = (failed as { stdout: string }).stdout;
  expect(stdout).toContain('DEMO FAILED (2)');
  expect(stdout).toMatch(/Waylet: payment pushed .*ERR_PROVIDER_API/);
  expect(stdout).toContain('handler received payment.paid from etpay'); // the other providers still ran
  expect(stdout).not.toContain('not-the-sandbox-secret');
}, 120_000);
